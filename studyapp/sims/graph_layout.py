"""Lay out a state machine as a graph the server draws as SVG.

Layers come from a breadth-first walk from StartAt (a state sits one layer below the first
state that leads to it); states in a layer sit side by side. Edges are Next, Choice rules
and Default, Catch (dashed, labelled with the errors) and Retry (a loop beside the state,
labelled with the attempts). Parallel and Map states list their inner states inside the
box. Plain Python, no Django: the template only prints the numbers.
"""

from __future__ import annotations

from collections import deque

NODE_WIDTH = 190
NODE_HEIGHT = 46
INNER_LINE = 18
LAYER_GAP = 70
COLUMN_GAP = 36
MARGIN = 24


def _inner_names(state: dict) -> list[str]:
    machines = state.get("Branches") or []
    processor = state.get("ItemProcessor") or state.get("Iterator")
    if processor:
        machines = [processor]
    names = []
    for machine in machines:
        if isinstance(machine, dict) and isinstance(machine.get("States"), dict):
            names += list(machine["States"])
    return names


def _edges(name: str, state: dict) -> list[dict]:
    edges = []
    if isinstance(state.get("Next"), str):
        edges.append({"source": name, "target": state["Next"], "kind": "next", "label": ""})
    for index, rule in enumerate(state.get("Choices") or []):
        if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
            edges.append(
                {
                    "source": name,
                    "target": rule["Next"],
                    "kind": "choice",
                    "label": f"rule {index + 1}",
                }
            )
    if isinstance(state.get("Default"), str):
        edges.append(
            {"source": name, "target": state["Default"], "kind": "choice", "label": "Default"}
        )
    for catcher in state.get("Catch") or []:
        if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
            errors = ", ".join(str(e) for e in catcher.get("ErrorEquals") or [])
            edges.append(
                {
                    "source": name,
                    "target": catcher["Next"],
                    "kind": "catch",
                    "label": f"Catch {errors}",
                }
            )
    return edges


def _retry_label(state: dict) -> str:
    parts = []
    for retrier in state.get("Retry") or []:
        if isinstance(retrier, dict):
            errors = ", ".join(str(e) for e in retrier.get("ErrorEquals") or [])
            parts.append(f"Retry {errors} ×{retrier.get('MaxAttempts', 3)}")
    return "; ".join(parts)


def layout(definition: dict, active=(), visited=(), failed=()) -> dict:
    """Positions for every state and edge. `active` etc. are top-level state names."""
    states = definition.get("States") if isinstance(definition, dict) else None
    if not isinstance(states, dict) or not states:
        return {"nodes": [], "edges": [], "width": 0, "height": 0}
    layers: dict[str, int] = {}
    start = definition.get("StartAt")
    queue = deque([start] if start in states else [])
    if queue:
        layers[start] = 0
    while queue:
        name = queue.popleft()
        state = states[name] if isinstance(states[name], dict) else {}
        for edge in _edges(name, state):
            if edge["target"] in states and edge["target"] not in layers:
                layers[edge["target"]] = layers[name] + 1
                queue.append(edge["target"])
    for name in states:  # unreachable states go to the bottom, still visible
        layers.setdefault(name, max(layers.values(), default=-1) + 1)
    rows: dict[int, list[str]] = {}
    for name in states:
        rows.setdefault(layers[name], []).append(name)
    heights = {
        name: NODE_HEIGHT + INNER_LINE * len(_inner_names(s if isinstance(s, dict) else {}))
        for name, s in states.items()
    }
    widest = max(len(row) for row in rows.values())
    width = MARGIN * 2 + widest * NODE_WIDTH + (widest - 1) * COLUMN_GAP + 160
    nodes, positions, y = [], {}, MARGIN
    for layer in sorted(rows):
        row = rows[layer]
        row_width = len(row) * NODE_WIDTH + (len(row) - 1) * COLUMN_GAP
        x = (width - 160 - row_width) / 2
        for name in row:
            state = states[name] if isinstance(states[name], dict) else {}
            kind = state.get("Type", "?")
            classes = ["sfn-node", f"sfn-{str(kind).lower()}"]
            classes += [
                c
                for c, group in (
                    ("is-active", active),
                    ("is-visited", visited),
                    ("is-failed", failed),
                )
                if name in group
            ]
            node = {
                "name": name,
                "type": kind,
                "x": round(x),
                "y": y,
                "width": NODE_WIDTH,
                "height": heights[name],
                "cx": round(x + NODE_WIDTH / 2),
                "classes": " ".join(classes),
                "inner": [
                    {"name": inner, "y": y + NODE_HEIGHT + INNER_LINE * i - 4}
                    for i, inner in enumerate(_inner_names(state))
                ],
                "retry": _retry_label(state),
                "label": name if len(name) <= 24 else name[:23] + "…",
            }
            nodes.append(node)
            positions[name] = node
            x += NODE_WIDTH + COLUMN_GAP
        y += max(heights[n] for n in row) + LAYER_GAP
    edges = []
    for name, state in states.items():
        for edge in _edges(name, state if isinstance(state, dict) else {}):
            if edge["target"] in positions:
                edges.append({**edge, **_route(positions[name], positions[edge["target"]])})
    return {"nodes": nodes, "edges": edges, "width": round(width), "height": y - LAYER_GAP + MARGIN}


def _route(source: dict, target: dict) -> dict:
    """An SVG path from source to target: straight down, or around the side when going up."""
    x1, y1 = source["cx"], source["y"] + source["height"]
    x2, y2 = target["cx"], target["y"]
    if y2 > y1:
        middle = (y1 + y2) / 2
        path = f"M{x1},{y1} C{x1},{middle} {x2},{middle} {x2},{y2 - 2}"
        return {"d": path, "label_x": round((x1 + x2) / 2) + 6, "label_y": round(middle) - 4}
    # A back edge (a loop): leave from the right side and come back in from the right.
    side = max(source["x"], target["x"]) + source["width"] + 40
    sy, ty = source["y"] + source["height"] / 2, target["y"] + target["height"] / 2
    right_source, right_target = source["x"] + source["width"], target["x"] + target["width"]
    path = f"M{right_source},{sy} C{side},{sy} {side},{ty} {right_target + 2},{ty}"
    return {"d": path, "label_x": round(side - 10), "label_y": round((sy + ty) / 2)}
