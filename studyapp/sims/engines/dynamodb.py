"""A small in-memory Amazon DynamoDB: enough for a workflow to store and read an order.

Items use DynamoDB's typed JSON ({"S": "text"}, {"N": "42"}, {"BOOL": true}, {"M": ...}).
Supported: CreateTable, DescribeTable, PutItem (with `attribute_not_exists(key)` as the
ConditionExpression), GetItem, DeleteItem, UpdateItem (`SET a = :v, b = :w`), Scan.
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/
"""

from __future__ import annotations

import json
import re

from .core import AwsError, Engine, arn

CONDITION = re.compile(r"^\s*attribute_(not_)?exists\(\s*#?(\w+)\s*\)\s*$")
SET_CLAUSE = re.compile(r"^\s*SET\s+(.+)$", re.IGNORECASE | re.DOTALL)


def _key_of(table: dict, item: dict) -> str:
    try:
        return json.dumps([item[name] for name in table["keys"]], sort_keys=True)
    except KeyError as missing:
        raise AwsError(
            "ValidationException",
            f"One of the required keys was not given a value: {missing.args[0]}.",
        ) from None


class DynamoDbEngine(Engine):
    service = "dynamodb"
    arn_services = ("dynamodb",)

    def __init__(self, world):
        super().__init__(world)
        self.tables: dict[str, dict] = {}

    def actions(self):
        return {
            "CreateTable": self.create_table,
            "DescribeTable": self.describe_table,
            "PutItem": self.put_item,
            "GetItem": self.get_item,
            "DeleteItem": self.delete_item,
            "UpdateItem": self.update_item,
            "Scan": self.scan,
        }

    def table(self, name) -> dict:
        if name not in self.tables:
            raise AwsError(
                "ResourceNotFoundException",
                f"Requested resource not found: Table: {name} not found",
            )
        return self.tables[name]

    def _description(self, table: dict) -> dict:
        return {
            "TableName": table["name"],
            "TableArn": table["arn"],
            "TableStatus": "ACTIVE",
            "KeySchema": table["schema"],
            "ItemCount": len(table["items"]),
        }

    def create_table(self, p: dict) -> dict:
        name = p.get("TableName")
        schema = p.get("KeySchema")
        if not isinstance(name, str) or not name:
            raise AwsError("ValidationException", "TableName is required.")
        if not isinstance(schema, list) or not schema:
            raise AwsError("ValidationException", "KeySchema needs at least the HASH key.")
        if name in self.tables:
            raise AwsError("ResourceInUseException", f"Table already exists: {name}")
        self.tables[name] = {
            "name": name,
            "arn": arn("dynamodb", f"table/{name}"),
            "schema": schema,
            "keys": [k["AttributeName"] for k in schema],
            "items": {},
        }
        return {"TableDescription": self._description(self.tables[name])}

    def describe_table(self, p: dict) -> dict:
        return {"Table": self._description(self.table(p.get("TableName")))}

    def put_item(self, p: dict) -> dict:
        table = self.table(p.get("TableName"))
        item = p.get("Item")
        if not isinstance(item, dict):
            raise AwsError("ValidationException", "Item must be a map of typed attributes.")
        key = _key_of(table, item)
        self._check_condition(p.get("ConditionExpression"), table["items"].get(key))
        table["items"][key] = item
        self.world.emit(
            "item-stored", f"{table['name']}: stored an item.", table=table["name"], item=item
        )
        return {}

    def _check_condition(self, expression, existing) -> None:
        if not expression:
            return
        match = CONDITION.match(expression)
        if not match:
            raise AwsError(
                "ValidationException",
                "This simulator understands attribute_exists(name) and "
                "attribute_not_exists(name) as ConditionExpression.",
            )
        wants_missing = match.group(1) is not None
        present = existing is not None and match.group(2) in existing
        if present == wants_missing:
            raise AwsError("ConditionalCheckFailedException", "The conditional request failed")

    def get_item(self, p: dict) -> dict:
        table = self.table(p.get("TableName"))
        item = table["items"].get(_key_of(table, p.get("Key") or {}))
        return {"Item": item} if item is not None else {}

    def delete_item(self, p: dict) -> dict:
        table = self.table(p.get("TableName"))
        table["items"].pop(_key_of(table, p.get("Key") or {}), None)
        return {}

    def update_item(self, p: dict) -> dict:
        table = self.table(p.get("TableName"))
        key = p.get("Key") or {}
        match = SET_CLAUSE.match(p.get("UpdateExpression") or "")
        if not match:
            raise AwsError("ValidationException", "This simulator understands 'SET a = :v, ...'.")
        values = p.get("ExpressionAttributeValues") or {}
        names = p.get("ExpressionAttributeNames") or {}
        item = dict(table["items"].get(_key_of(table, key), key))
        for assignment in match.group(1).split(","):
            name, _, placeholder = (part.strip() for part in assignment.partition("="))
            if placeholder not in values:
                raise AwsError("ValidationException", f"{placeholder} has no value.")
            item[names.get(name, name)] = values[placeholder]
        table["items"][_key_of(table, key)] = item
        return {"Attributes": item} if p.get("ReturnValues") == "ALL_NEW" else {}

    def scan(self, p: dict) -> dict:
        items = list(self.table(p.get("TableName"))["items"].values())
        return {"Items": items, "Count": len(items), "ScannedCount": len(items)}
