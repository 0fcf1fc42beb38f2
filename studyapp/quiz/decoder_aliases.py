"""How content names services: aliases of their names, and the texts that describe each one."""

# How questions name services besides their official names. Short and specific:
# a generic word ("queue") is left to the rules, which weigh it by how many use it.
SERVICE_ALIASES = {
    "sqs": ["SQS", "Simple Queue Service", "SQS queue"],
    "sns": ["SNS", "Simple Notification Service", "SNS topic"],
    "eventbridge": ["EventBridge", "event bus", "EventBridge rule"],
    "pipes": ["EventBridge Pipes", "pipe"],
    "scheduler": ["EventBridge Scheduler", "schedule group"],
    "stepfunctions": ["Step Functions", "state machine", "Express workflow"],
    "mq": ["Amazon MQ", "ActiveMQ", "RabbitMQ"],
    "appsync": ["AppSync", "GraphQL"],
    "kinesis-data-streams": ["Kinesis Data Streams", "Kinesis stream", "shard"],
    "firehose": ["Firehose", "Kinesis Data Firehose", "delivery stream"],
    "managed-flink": ["Apache Flink", "Managed Service for Apache Flink", "Kinesis Data Analytics"],
    "kinesis-video-streams": ["Kinesis Video Streams"],
    "msk": ["MSK", "Managed Streaming for Apache Kafka", "Kafka"],
    "swf": ["SWF", "Simple Workflow Service", "decider"],
    "apigateway": ["API Gateway", "REST API", "HTTP API", "WebSocket API"],
    "appflow": ["AppFlow"],
    "lambda": ["Lambda function"],
}


def aliases_for(service_names: dict[str, str]) -> dict[str, list[str]]:
    """Every known service's names: its official name (with and without "Amazon"/"AWS") and aliases."""
    aliases = {}
    for service, name in service_names.items():
        short = name.removeprefix("Amazon ").removeprefix("AWS ")
        aliases[service] = [short, *SERVICE_ALIASES.get(service, [])]
    return aliases


# The fields of each content kind that describe its (primary) service. Questions
# are left out: the decoder is measured on them.
PROFILE_FIELDS = {
    "rules": ("triggers", "think", "why", "examples"),
    "facts": ("prompt", "answer"),
    "traps": ("reality",),
    "scenarios": ("title", "situation", "design"),
}


def profile_text(data: dict, fields) -> list[str]:
    texts = []
    for name in fields:
        value = data.get(name)
        texts += value if isinstance(value, list) else [value] if value else []
    return texts
