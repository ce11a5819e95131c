"""`siamlint graph FILE`: the network siamlint inferred, as a tree (a static `model.summary()`).

For every model the file compiles or builds: its Inputs, the tower calls on each branch, the
merges and distances, the head, the outputs, compile and fit; then the towers those models
call, and the pretrained bases with every change of `trainable`. Shapes are written as
Keras prints them, `(None, 64, 64, 3)`, with dtypes and line numbers. Nothing is imported or
run: it shows exactly what the analysis understood, which is also how the engine is debugged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import libcst as cst

from siamlint.analysis.facts import Facts, TowerCall
from siamlint.analysis.values import (
    Array,
    DType,
    Function,
    Instance,
    Layer,
    Model,
    Opaque,
    PyClass,
    Ref,
    ShapeConflict,
    Tensor,
    format_shape,
)

ARROW, ASCII_ARROW = "→", "->"
_GUIDES = {False: ("├── ", "└── ", "│   ", "    "), True: ("|-- ", "`-- ", "|   ", "    ")}
_MAX_TEXT = 70
_HIDDEN_CONFIG = frozenset({"name", "dtype", "trainable", "input_shape", "input_dim", "batch_size",
                            "kernel_initializer", "bias_initializer", "kernel_regularizer",
                            "bias_regularizer", "activity_regularizer", "kernel_constraint",
                            "bias_constraint", "function"})


class GraphError(click.ClickException):
    """The file cannot be shown (unreadable, not Python, a syntax error): a message, no traceback.

    A ClickException, so a click command that lets it escape prints `Error: <message>` and
    exits with `exit_code` (1, as a file with a syntax error does under `check`).
    """

    exit_code = 1


# --------------------------------------------------------------------------- tree

@dataclass
class Node:
    label: str
    children: list[Node] = field(default_factory=list)

    def add(self, label: str) -> Node:
        child = Node(label)
        self.children.append(child)
        return child


def _render(node: Node, ascii: bool) -> list[str]:
    tee, last, pipe, space = _GUIDES[ascii]
    lines = [node.label]

    def walk(children, prefix):
        for i, child in enumerate(children):
            end = i == len(children) - 1
            lines.append(prefix + (last if end else tee) + child.label)
            walk(child.children, prefix + (space if end else pipe))

    walk(node.children, "")
    return lines


# ----------------------------------------------------------------------- reading

def _read(path: Path) -> tuple[str, Any]:
    """The source to analyse and, for a notebook, the Notebook (for cell positions)."""
    from siamlint.engine import UnreadableFile, decode

    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise GraphError(f"{path}: cannot read: is a directory (give one Python file)") from None
    except OSError as exc:
        raise GraphError(f"{path}: cannot read: {exc.strerror or type(exc).__name__}") from None
    if str(path).endswith(".ipynb"):
        from siamlint.notebooks import NotebookError, load

        try:
            notebook = load(data)
        except NotebookError as exc:
            raise GraphError(f"{path}: {exc}") from None
        return notebook.joined, notebook
    try:
        source, _ = decode(data)
    except UnreadableFile as exc:
        raise GraphError(f"{path}: cannot read: {exc}") from None
    return source, None


def _parse(path: Path, source: str, notebook) -> cst.Module:
    import ast

    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as libcst_error:
        try:
            ast.parse(source)
        except SyntaxError as exc:
            where = _where_line(exc.lineno or 1, notebook)
            col = f", column {exc.offset}" if exc.offset else ""
            raise GraphError(f"{path}: SyntaxError at {where}{col}: {exc.msg} "
                             "(nothing can be shown until the file parses)") from None
        except (ValueError, RecursionError, MemoryError) as exc:
            raise GraphError(f"{path}: cannot parse: {exc}") from None
        reason = str(libcst_error).splitlines()[0]
        raise GraphError(f"{path}: valid Python that libcst cannot parse ({reason})") from None


def _where_line(line: int, notebook) -> str:
    if notebook is not None:
        found = notebook.locate(line)
        if found is not None:
            cell, inner = found
            return f"cell {cell.number}, line {inner}"
    return f"line {line}"


def _analyse(module: cst.Module) -> tuple[Facts, list]:
    """Facts, plus every scope the interpreter ran (to find models that are only built)."""
    from siamlint.analysis.interpreter import Interpreter
    from siamlint.positions import PositionIndex

    class Capture(Interpreter):
        def __init__(self, tree):
            super().__init__(tree)
            self.scopes: dict[int, Any] = {}

        def exec_block(self, body, scope):
            self.scopes.setdefault(id(scope), scope)
            return super().exec_block(body, scope)

    interpreter = Capture(module)
    facts = interpreter.run()
    facts.positions = PositionIndex(module)
    return facts, list(interpreter.scopes.values())


# ------------------------------------------------------------------- the renderer

class _Graph:
    def __init__(self, facts: Facts, scopes: list, notebook, ascii: bool) -> None:
        self.facts = facts
        self.scopes = scopes
        self.notebook = notebook
        self.arrow = ASCII_ARROW if ascii else ARROW
        self.merge_of = {id(m.result): m for m in facts.merges if m.result is not None}
        self.tower_ids = {id(c.tower) for c in facts.tower_calls}
        self.base_ids = {id(b) for b in facts.bases}
        self.names: dict[int, str] = {}
        for scope in scopes:
            for value in list(scope.vars.values()):
                if isinstance(value, Instance):
                    for attr, item in value.attrs.items():
                        if isinstance(item, (Layer, Model)) and not item.name:
                            self.names.setdefault(id(item), f"{value.cls.name}.{attr}")

    def name_of(self, obj) -> str | None:
        return getattr(obj, "name", None) or self.names.get(id(obj))

    # ---------------------------------------------------------------- text bits
    def at(self, node) -> str:
        if node is None:
            return ""
        try:
            line = self.facts.line(node)
        except Exception:  # noqa: BLE001 - a node of no position: show none
            return ""
        return ", " + _where_line(line, self.notebook)

    def code(self, node) -> str:
        try:
            text = self.facts.module.code_for_node(node)
        except Exception:  # noqa: BLE001
            return "?"
        text = " ".join(text.split())
        return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3] + "..."

    @staticmethod
    def shape(value) -> str:
        shape = getattr(value, "shape", None)
        return format_shape(shape) if shape is not None else "(?)"

    def tensor(self, value, tags: bool = True) -> str:
        """`(None, 10) float32`, with what it computes when the analysis knows."""
        if not isinstance(value, (Tensor, Array)):
            return "(?)"
        text = f"{self.shape(value)} {value.dtype or '?'}"
        if not tags:
            return text
        tags = sorted(value.tags & {"distance", "similarity", "bounded"})
        return text + (f" [{', '.join(tags)}]" if tags else "")

    def constant(self, value) -> str | None:
        if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
            return repr(value)
        if isinstance(value, str):
            return f'"{value}"'
        if isinstance(value, tuple):
            parts = [self.constant(v) for v in value]
            if any(p is None for p in parts):
                return None
            return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"
        if isinstance(value, list):
            parts = [self.constant(v) for v in value]
            return None if any(p is None for p in parts) else f"[{', '.join(parts)}]"
        if isinstance(value, Ref):
            return value.path.rpartition(".")[2]
        if isinstance(value, DType):
            return value.name
        if isinstance(value, Function):
            return value.name
        return None

    def layer(self, layer: Layer) -> str:
        """`Dense(10, activation="tanh")`, the way the layer would be written with its values."""
        from siamlint.analysis.layers import LAYERS

        spec = LAYERS.get(layer.kind)
        first = spec.params[0] if spec is not None and spec.params else None
        parts = []
        if layer.kind == "Lambda":
            function = layer.config.get("function")
            parts.append(function.name if isinstance(function, Function) else
                         self.constant(function) or "?")
        for key, value in layer.config.items():
            if not isinstance(key, str) or key in _HIDDEN_CONFIG or key.isdigit():
                continue
            text = self.constant(value)
            if text is None:
                text = "?"
            parts.append(text if key == first else f"{key}={text}")
        text = f"{layer.kind}({', '.join(parts)})" if parts else layer.kind
        if len(text) > _MAX_TEXT:
            text = text[: _MAX_TEXT - 4] + "...)"
        name = self.name_of(layer)
        return f"{name} = {text}" if name else text

    def tower(self, tower) -> str:
        if isinstance(tower, Layer):
            return self.layer(tower)
        if isinstance(tower, Model):
            name = self.name_of(tower)
            return f"{name} ({self.model_kind(tower)})" if name else self.model_kind(tower)
        if isinstance(tower, Instance):
            return tower.cls.name
        return "?"

    def model_kind(self, model) -> str:
        if isinstance(model, Instance):
            return f"{model.cls.name}, subclassed Model"
        if model.kind == "Model":
            kind = "functional Model"
        elif model.kind == "Sequential":
            kind = "Sequential"
        else:
            kind = f"{model.kind}, keras.applications"
        if isinstance(model.factory, tuple) and model.factory[0] == "clone":
            kind += f", clone of {model.factory[1].name or 'a model'}"
        elif isinstance(model.factory, Function) and not model.factory.name.startswith("__"):
            kind += f", built by {model.factory.name}()"
        return kind

    def input_name(self, tensor) -> str:
        fact = self.facts.input_of(tensor)
        if fact is not None and fact.name:
            return fact.name
        return getattr(tensor, "name", None) or "input"

    def operand(self, tensor) -> str:
        """What a merge operand is: `encoder(input_1)`, `Dense(...) on left`, an Input's name."""
        if not isinstance(tensor, Tensor):
            return "?"
        if self.facts.input_of(tensor) is not None:
            return self.input_name(tensor)
        sources = [self.input_name(s) for s in tensor.sources]
        origin = ", ".join(sorted(sources)) if sources else "?"
        call = tensor.producer
        if isinstance(call, TowerCall):
            name = self.name_of(call.tower) or getattr(call.tower, "kind", None) or "?"
            if self.facts.input_of(call.arg) is not None:
                return f"{name}({self.input_name(call.arg)})"
            return f"{name}(... {origin})"
        merge = self.merge_of.get(id(tensor))
        if merge is not None:
            return f"{merge.kind}(... {origin})"
        return f"{tensor.name or 'tensor'} from {origin}"

    def value(self, value, node=None) -> str:
        """A compile/fit argument: its analysed value, else the code that was written."""
        if isinstance(value, (Tensor, Array)):
            return self.tensor(value)
        if isinstance(value, (list, tuple)) and value and all(
                isinstance(v, (Tensor, Array)) for v in value):
            return "[" + ", ".join(self.tensor(v) for v in value) + "]"
        if isinstance(value, Function):
            return f"{value.name} (user function)"
        if isinstance(value, Instance):
            return f"{value.cls.name}() (user class)"
        if isinstance(value, Opaque):
            return f"{value.path}()"
        if isinstance(value, Ref):
            return value.path
        text = self.constant(value)
        if text is not None and value is not None:
            return text
        if node is not None:
            return self.code(node)
        return "?"

    # ------------------------------------------------------------------ models
    def models(self) -> tuple[list, list]:
        """(the models the file builds or compiles, the models they call as towers)."""
        found: dict[int, Any] = {}
        for compiled in self.facts.compiles:
            found.setdefault(id(compiled.model), compiled.model)
        for fit in self.facts.fits:
            found.setdefault(id(fit.model), fit.model)
        inner: set[int] = set()
        candidates = []
        for scope in self.scopes:
            for value in list(scope.vars.values()):
                if isinstance(value, Model) or (isinstance(value, Instance) and _is_model_class(
                        value.cls)):
                    candidates.append(value)
                    if isinstance(value, Model):
                        inner.update(id(layer) for layer in value.layers if isinstance(layer, Model))
        for value in candidates:
            if id(value) in self.tower_ids or id(value) in self.base_ids or id(value) in inner:
                continue
            if isinstance(value, Model) and value.kind not in ("Model", "Sequential"):
                continue
            found.setdefault(id(value), value)
        main = sorted(found.values(), key=self.line_of)
        towers: dict[int, Any] = {}
        queue = list(main)
        while queue:
            model = queue.pop(0)
            for call in self.calls_of(model):
                tower = getattr(call, "tower", None)
                if isinstance(tower, Model) and id(tower) not in found and id(tower) not in towers \
                        and id(tower) not in self.base_ids:
                    towers[id(tower)] = tower
                    queue.append(tower)
            if isinstance(model, Model):
                for layer in model.layers:
                    if isinstance(layer, Model) and id(layer) not in self.base_ids \
                            and id(layer) not in found and id(layer) not in towers:
                        towers[id(layer)] = layer
                        queue.append(layer)
        for call in self.facts.tower_calls:  # towers called outside any model shown
            tower = call.tower
            if isinstance(tower, Model) and id(tower) not in found and id(tower) not in towers \
                    and id(tower) not in self.base_ids:
                towers[id(tower)] = tower
        return main, sorted(towers.values(), key=self.line_of)

    def line_of(self, obj) -> int:
        try:
            return self.facts.line(obj.node) if obj.node is not None else 0
        except Exception:  # noqa: BLE001
            return 0

    def calls_of(self, model) -> list:
        """The tower calls and merges that make up a model, in program order."""
        if isinstance(model, Instance):
            attrs = {id(v) for v in model.attrs.values() if isinstance(v, (Layer, Model))}
            return [c for c in self.facts.tower_calls if id(c.tower) in attrs]
        if not isinstance(model, Model) or model.kind != "Model":
            return []
        inputs = {id(t) for t in model.inputs}
        if not inputs:
            return []
        ancestors: dict[int, Any] = {}
        stack = [t for t in model.outputs if isinstance(t, Tensor)]
        while stack:
            tensor = stack.pop()
            call = tensor.producer
            merge = self.merge_of.get(id(tensor))
            if isinstance(call, TowerCall) and id(call) not in ancestors:
                ancestors[id(call)] = call
                stack.append(call.arg)
            elif merge is not None and id(merge) not in ancestors:
                ancestors[id(merge)] = merge
                stack.extend(t for t in merge.operands if isinstance(t, Tensor))
        limit = max((a.seq for a in ancestors.values()), default=None)
        out = []
        for item in [*self.facts.tower_calls, *self.facts.merges]:
            result = item.result
            sources = getattr(result, "sources", None) or (
                item.arg.sources if isinstance(item, TowerCall) else frozenset())
            within = sources and all(id(s) in inputs for s in sources) \
                and (limit is None or item.seq <= limit)
            if id(item) in ancestors or within:
                out.append(item)
        return sorted(out, key=lambda item: item.seq)

    # -------------------------------------------------------------- rendering
    def render_model(self, model, role: str = "") -> Node:
        kind = self.model_kind(model)
        name = self.name_of(model) if isinstance(model, Model) else None
        if isinstance(model, Instance):
            name = next((s_name for scope in self.scopes for s_name, v in scope.vars.items()
                         if v is model), None)
        title = f"{name}  {kind}" if name else kind
        root = Node(f"{title}{role}{self.at(model.node)}")
        if isinstance(model, Instance):
            self.render_instance(model, root)
        elif model.kind == "Sequential":
            self.render_sequential(model, root)
        else:
            self.render_functional(model, root)
        self.render_training(model, root)
        return root

    def render_input(self, tensor, parent: Node) -> Node:
        fact = self.facts.input_of(tensor)
        if fact is None:
            return parent.add(f"input  {self.tensor(tensor)}")
        label = f"{fact.name or 'input'}  Input {self.shape(tensor)} {fact.dtype or '?'}"
        if fact.batch_in_shape:
            label += " [shape= holds the batch axis]"
        return parent.add(label + self.at(fact.node))

    def trainable_status(self, model) -> str:
        return _trainable_text(model.trainable, [t for t in self.facts.trainable if t.target is model])

    def twin_on_other_branch(self, call: TowerCall, calls) -> str | None:
        """The name of a distinct tower with the same architecture used on another branch."""
        from siamlint.analysis.pairs import twins

        for other in calls:
            if isinstance(other, TowerCall) and other.tower is not call.tower \
                    and len(other.arg.sources) == 1 and other.arg.sources != call.arg.sources \
                    and twins(call.tower, other.tower):
                return self.name_of(other.tower) or self.tower(other.tower)
        return None

    def call_label(self, call: TowerCall, shared: bool, head: bool = False,
                   twin: str | None = None) -> str:
        text = f"{self.tower(call.tower)} {self.arrow} {self.tensor(call.result, head)}"
        notes = []
        if isinstance(call.tower, Model) and call.tower.pretrained:
            notes.append(self.trainable_status(call.tower))
        if shared:
            notes.append("shared")
        if twin is not None:
            notes.append(f"NOT shared: same architecture as {twin}, separate weights")
        if call.training is not None:
            notes.append(f"training={self.constant(call.training) or '?'}")
        if call.conflict:
            notes.append(f"CONFLICT: {call.conflict}")
        if notes:
            text += f"  ({'; '.join(notes)})"
        return text + self.at(call.node)

    def merge_label(self, merge) -> str:
        kind = merge.kind
        node = merge.node
        if kind == "lambda" and isinstance(node, cst.Call):
            kind = self.code(node.func)
        elif isinstance(node, cst.Call) and merge.kind not in ("op",):
            kind = f"{merge.kind}: {self.code(node.func)}"
        operands = ", ".join(self.operand(t) for t in merge.operands)
        if merge.objects:
            operands += (", " if operands else "") + ", ".join(
                f"{self.tower(o)} (a layer object, not a tensor)" for o in merge.objects)
        text = f"merge {kind} of [{operands}] {self.arrow} {self.tensor(merge.result)}"
        if merge.conflict:
            text += f"  (CONFLICT: {merge.conflict})"
        return text + self.at(node)

    def render_functional(self, model: Model, root: Node) -> None:
        items = self.calls_of(model)
        towers_by_branch: dict[int, set] = {}
        for item in items:
            if isinstance(item, TowerCall) and len(item.arg.sources) == 1:
                towers_by_branch.setdefault(id(item.tower), set()).update(
                    id(s) for s in item.arg.sources)
        if not model.inputs:
            root.add("inputs  (not known statically)")
        for tensor in model.inputs:
            branch = self.render_input(tensor, root)
            for item in items:
                if isinstance(item, TowerCall) and item.arg.sources == frozenset([tensor]):
                    branch.add(self.call_label(item, len(towers_by_branch[id(item.tower)]) > 1,
                                               twin=self.twin_on_other_branch(item, items)))
        for item in items:
            if isinstance(item, TowerCall):
                if len(item.arg.sources) > 1:
                    root.add("head " + self.call_label(item, False, head=True))
            else:
                root.add(self.merge_label(item))
        for output in model.outputs:
            root.add(f"output  {self.tensor(output)}" if isinstance(output, Tensor)
                     else "output  (not known statically)")

    def render_sequential(self, model: Model, root: Node) -> None:
        from siamlint.analysis.layers import output_shape

        shape = model.input_shapes[0] if model.input_shapes and len(model.input_shapes) == 1 \
            else model.built_for
        if model.inputs:
            self.render_input(model.inputs[0], root)
        elif model.input_shapes and shape is not None:
            root.add(f"input  {format_shape(shape)}")
        elif model.built_for is not None:
            root.add(f"input  {format_shape(shape)}  (built by its first call"
                     f"{self.at(model.built_node)})")
        else:
            root.add("input  (?)  (no Input and never called on a known shape)")
        for layer in model.layers:
            conflict = None
            if isinstance(layer, Layer):
                label = self.layer(layer)
                try:
                    shape = output_shape(layer.kind, layer.config, shape) if shape is not None \
                        else None
                except ShapeConflict as exc:
                    shape, conflict = None, str(exc)
                if isinstance(shape, list):
                    shape = shape[0] if shape else None
            elif isinstance(layer, Model):
                label = self.tower(layer)
                if layer.pretrained:
                    label += f"  ({self.trainable_status(layer)})"
                if layer.kind == "Sequential":
                    from siamlint.analysis.interpreter import fold_shape

                    shape = fold_shape(layer.layers, shape) if shape is not None else None
                else:
                    shape = (shape[0] if shape else None, *layer.output_shape[1:]) \
                        if layer.output_shape is not None else None
            else:
                label, shape = "(a layer not known statically)", None
            text = f"{label} {self.arrow} {format_shape(shape) if shape is not None else '(?)'}"
            if conflict:
                text += f"  (CONFLICT: {conflict})"
            root.add(text + self.at(getattr(layer, "node", None)))
        out = model.output_shape if model.output_shape is not None else shape
        root.add(f"output  {format_shape(out) if out is not None else '(?)'}")

    def render_instance(self, instance: Instance, root: Node) -> None:
        for attr, value in instance.attrs.items():
            if isinstance(value, Layer):
                root.add(f"self.{attr} = {self.layer(value).split(' = ', 1)[-1]}{self.at(value.node)}")
            elif isinstance(value, Model):
                root.add(f"self.{attr} = {self.model_kind(value)}{self.at(value.node)}")
        calls = self.calls_of(instance)
        shared: dict[int, set] = {}
        for call in calls:
            shared.setdefault(id(call.tower), set()).update(id(s) for s in call.arg.sources)
        seen = []
        for call in calls:
            if len(call.arg.sources) != 1:
                continue
            (source,) = call.arg.sources
            if not any(s is source for s in seen):
                seen.append(source)
        for number, source in enumerate(seen, 1):
            if self.facts.input_of(source) is None:
                branch = root.add(f"branch {number}  (an input of call(), shape not known statically)")
            else:
                branch = self.render_input(source, root)
            for call in calls:
                if call.arg.sources == frozenset([source]):
                    name = next((a for a, v in instance.attrs.items() if v is call.tower), None)
                    label = self.call_label(call, len(shared[id(call.tower)]) > 1)
                    branch.add(label if name is None or self.name_of(call.tower) else
                               f"self.{name}: {label}")
        output = instance.attrs.get("__output__")
        if isinstance(output, Tensor):
            root.add(f"output  {self.tensor(output)}")

    def render_training(self, model, root: Node) -> None:
        for compiled in self.facts.compiles:
            if compiled.model is not model:
                continue
            loss_node = _argument(compiled.node, 1, "loss")
            metrics_node = _argument(compiled.node, 2, "metrics")
            loss = self.value(compiled.loss, loss_node)
            facts = compiled.loss_facts
            if facts is not None and facts.margin is not None:
                loss += f", margin {facts.margin:g}"
            text = f"compile  loss={loss}"
            if compiled.metrics is not None or metrics_node is not None:
                text += f", metrics={self.value(compiled.metrics, metrics_node)}"
            root.add(text + self.at(compiled.node))
        for fit in self.facts.fits:
            if fit.model is not model:
                continue
            x = self.value(fit.x, _argument(fit.node, 0, "x"))
            text = f"{fit.method}  x={x}"
            if fit.method not in ("predict", "predict_on_batch"):
                text += f", y={self.value(fit.y, _argument(fit.node, 1, 'y'))}"
            root.add(text + self.at(fit.node))

    def render_base(self, base: Model) -> Node:
        weights = base.config.get("weights", "imagenet")
        include_top = base.config.get("include_top", True)
        pooling = base.config.get("pooling")
        parts = [f"weights={self.constant(weights) or self.code(_argument(base.node, 99, 'weights'))}",
                 f"include_top={self.constant(include_top) or '?'}"]
        if pooling is not None:
            parts.append(f"pooling={self.constant(pooling) or '?'}")
        name = f"{base.name}  " if base.name else ""
        root = Node(f"{name}{base.kind}({', '.join(parts)}){self.at(base.node)}")
        shape_in = base.input_shapes[0] if base.input_shapes else None
        root.add(f"input {format_shape(shape_in) if shape_in else '(?)'} {self.arrow} output "
                 f"{format_shape(base.output_shape) if base.output_shape else '(?)'}")
        root.add("pretrained" if base.pretrained else
                 "random initial weights (weights=None)" if base.pretrained is False
                 else "weights: not known statically")
        changes = [t for t in self.facts.trainable if t.target is base]
        for change in changes:
            where = "every layer" if change.per_layer and getattr(change, "whole", True) else \
                "some layers" if change.per_layer else "the whole model"
            text = f"trainable = {self.constant(change.value) or '?'} on {where}"
            later = [c for c in self.facts.compiles if c.seq < change.seq and c.epoch == change.epoch]
            if later:
                text += f" (after compile{self.at(later[-1].node)})"
            root.add(text + self.at(change.node))
        root.add(self.trainable_status(base))
        return root


def _trainable_text(value, changes=()) -> str:
    if any(c.per_layer and not getattr(c, "whole", True) for c in changes):
        return "partly frozen: some layers"
    if value is False:
        return "frozen"
    if value is True:
        return "trainable"
    return "trainable: not known statically"


def _is_model_class(cls: PyClass) -> bool:
    return any(base.startswith(("keras.", "tf.")) and base.rpartition(".")[2] == "Model"
               for base in cls.bases)


def _argument(call, position: int, keyword: str):
    if not isinstance(call, cst.Call):
        return None
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position].value if len(positional) > position else None


def render_graph(path: Path, *, ascii: bool = False) -> str:
    """The inferred network of one Python file (or notebook) as plain text.

    Raises GraphError (a click.ClickException: a message, never a traceback) when the file
    cannot be read or parsed, or when the analysis itself fails.
    """
    path = Path(path)
    source, notebook = _read(path)
    module = _parse(path, source, notebook)
    try:
        facts, scopes = _analyse(module)
        graph = _Graph(facts, scopes, notebook, ascii)
        main, towers = graph.models()
        sections: list[Node] = [graph.render_model(m) for m in main]
        sections += [graph.render_model(t, "  [tower]") for t in towers]
        sections += [graph.render_base(b) for b in facts.bases]
        if not sections and facts.inputs:
            loose = Node("inputs not part of any model")
            for fact in facts.inputs:
                branch = graph.render_input(fact.tensor, loose)
                for call in facts.tower_calls:
                    if call.arg.sources == frozenset([fact.tensor]):
                        branch.add(graph.call_label(call, False))
            sections.append(loose)
    except GraphError:
        raise
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - report, never a traceback
        error = GraphError(f"{path}: internal error while analysing: {type(exc).__name__}: "
                           f"{str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": "))
        error.exit_code = 2
        raise error from None
    lines = [str(path)]
    if not sections:
        lines.append("  no Keras model found")
    for section in sections:
        lines.append("")
        lines.extend(_render(section, ascii))
    if facts.limits:
        lines.append("")
        lines.extend(f"note: {limit}; what follows it is not shown" for limit in facts.limits)
    return "\n".join(lines) + "\n"


__all__ = ["GraphError", "render_graph"]
