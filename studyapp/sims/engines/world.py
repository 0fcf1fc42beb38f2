"""Build a World with every simulated service in it.

Keep this a short explicit list: each engine registers itself once here.
"""

from __future__ import annotations

from .core import LambdaEngine, World
from .dynamodb import DynamoDbEngine
from .eventbridge import EventBridgeEngine
from .pipes import PipesEngine
from .sns import SnsEngine
from .sqs import SqsEngine
from .states_engine import StepFunctionsEngine


def build_world(seed: int = 0, realism: bool = False) -> World:
    world = World(seed=seed, realism=realism)
    world.add(LambdaEngine(world))
    world.add(SqsEngine(world))
    world.add(SnsEngine(world))
    world.add(EventBridgeEngine(world))
    world.add(PipesEngine(world))
    world.add(StepFunctionsEngine(world))
    world.add(DynamoDbEngine(world))
    return world
