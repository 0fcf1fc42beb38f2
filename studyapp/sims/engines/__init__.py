"""Simulator engines: plain Python state machines over a virtual clock.

Nothing here imports Django or the other apps. Every engine is registered on one
`World` (one clock, one account, one seeded random source, one event log), so an
EventBridge rule can target an SQS queue and a state machine can publish to SNS.
"""
