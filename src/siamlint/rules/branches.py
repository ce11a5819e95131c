"""Branch rules: how the two embeddings meet (concatenation), whether the towers share
weights, and tower objects passed where their outputs were meant."""
from __future__ import annotations

from siamlint.lazy import cst

from siamlint.analysis.pairs import (
    branch_input,
    mismatched,
    name_of,
    once_per_node,
    twins,
    weightless,
)
from siamlint.analysis.values import Tensor
from siamlint.diagnostics import Applicability, Severity
from siamlint.rules.base import Docs, Finding, FixSpec, NodeEdit, Rule, register

PAIRWISE = frozenset({"subtract", "add", "multiply", "average", "maximum", "minimum", "dot",
                      "concat", "batch_concat", "stack", "lambda", "op", "layer", "model"})
# Merges that combine rather than compare: there only a factory's or a clone's twins show
# Siamese intent (two hand-written identical layers are how any two-input model starts).
COMBINING = frozenset({"add", "multiply", "average", "maximum", "minimum", "concat",
                       "batch_concat", "stack"})


def _branch_embedding(tensor) -> bool:
    """The output of a tower on one branch (not already a pair feature such as |a - b|)."""
    return (isinstance(tensor, Tensor) and tensor.producer is not None
            and len(tensor.sources) == 1
            and not tensor.tags & {"diff", "distance", "similarity"})


def check_concatenation(facts):
    for merge in facts.merges:
        if merge.kind != "concat" or len(merge.operands) < 2:
            continue
        if any(merge.result is output for model in facts.models for output in model.outputs):
            continue  # the pair packed as the model's output, for a loss that slices it back
        embeddings = [t for t in merge.operands if _branch_embedding(t)]
        if len(embeddings) != 2 or len({t.sources for t in embeddings}) < 2:
            continue  # three or more (a triplet packed for its loss) are meant to be ordered
        a, b = embeddings[:2]
        # one tower, or one factory's (or clone's) twins: two identical layers written out
        # by hand and concatenated are a generic two-input model
        shared = a.producer.tower is b.producer.tower or \
            twins(a.producer.tower, b.producer.tower, strict=True)
        if not shared:
            continue
        names = f"{_describe(facts, a, 'the first embedding')} and " \
                f"{_describe(facts, b, 'the second embedding')}"
        message = (f"the branch embeddings {names} are concatenated: the result depends on "
                   "which input comes first, and it fails outright when their shapes differ")
        help_text = ("compare them with a symmetric distance instead: `abs(a - b)` (an L1 "
                     "Lambda or Subtract then abs), a Euclidean Lambda with an epsilon guard, or "
                     "concatenate symmetric features such as [|a - b|, a * b]")
        yield Finding(merge.node, message, help_text, _abs_diff_fix(facts, merge))


def _describe(facts, tensor, fallback: str) -> str:
    """A tensor in the user's words: its variable, or `tower(input)`."""
    if getattr(tensor, "name", None):
        return tensor.name
    call = getattr(tensor, "producer", None)
    source = branch_input(facts, tensor)
    tower = getattr(getattr(call, "tower", None), "name", None)
    if tower and source is not None and source.name:
        return f"{tower}({source.name})"
    return fallback


_LAST_AXIS_BY_DEFAULT = frozenset({"keras.layers.Concatenate", "keras.layers.concatenate",
                                   "K.concatenate"})
_TENSOR_MODULES = frozenset({"tf", "K", "keras.ops", "np"})


def _abs_diff_fix(facts, merge):
    """The concatenation of the two embeddings -> their absolute difference, written with
    what the concatenation was written with: `layers.Concatenate()([a, b])` and
    `layers.concatenate([a, b])` -> `layers.Lambda(lambda t: abs(t[0] - t[1]))([a, b])`;
    `tf.concat([a, b], axis=-1)` -> `tf.abs(a - b)` (likewise K, keras.ops, NumPy)."""
    from siamlint.fixes.imports import Importer, resolve

    node = merge.node
    if not isinstance(node, cst.Call) or len(merge.operands) != 2:
        return None
    imports = Importer(facts, node)
    func = node.func
    if isinstance(func, cst.Call):  # a Concatenate layer, called
        path = resolve(facts, func.func)
        config, values = func, _argument(node, 0, "inputs")
        axis = _argument(config, 0, "axis")
        if len(node.args) != 1 or len(config.args) > (1 if axis is not None else 0):
            return None
    else:
        path = resolve(facts, func)
        values = _argument(node, 0, "inputs" if path == "keras.layers.concatenate" else None)
        axis = _argument(node, 1, "axis")
        if len(node.args) > 1 + (axis is not None):
            return None
    if path is None or values is None or not _last_axis(path, axis, merge.operands):
        return None
    elements = _pair_elements(values)
    if path in ("keras.layers.Concatenate", "keras.layers.concatenate"):
        if isinstance(values, (cst.List, cst.Tuple)) and elements is None:
            return None
        holder = func.func if isinstance(func, cst.Call) else func
        if isinstance(holder, cst.Attribute):
            lam = f"{facts.module.code_for_node(holder.value)}.Lambda"
        else:
            lam = imports.expr("keras.layers.Lambda")
        content = f"{lam}(lambda t: abs(t[0] - t[1]))({facts.module.code_for_node(values)})"
    else:
        module, _, name = path.rpartition(".")
        if module not in _TENSOR_MODULES or name not in ("concat", "concatenate") \
                or elements is None:
            return None
        if isinstance(func, cst.Attribute):
            absolute = f"{facts.module.code_for_node(func.value)}.abs"
        else:
            absolute = imports.expr(f"{module}.abs")
        a, b = (_operand(facts, e) for e in elements)
        content = f"{absolute}({a} - {b})"
    extra = imports.edits()
    if extra is None:  # a name the replacement needs could not be imported
        return None
    return FixSpec("Replace the concatenation with an absolute-difference distance",
                   (NodeEdit(node, content), *extra), Applicability.UNSAFE)


def _argument(call, position: int, keyword: str | None):
    positional = [a for a in call.args if a.keyword is None]
    if any(a.star for a in call.args):
        return None
    for arg in call.args:
        if arg.keyword is not None and keyword is not None and arg.keyword.value == keyword:
            return arg.value
    return positional[position].value if len(positional) > position else None


def _pair_elements(values):
    if not isinstance(values, (cst.List, cst.Tuple)) or len(values.elements) != 2 or \
            any(isinstance(e, cst.StarredElement) for e in values.elements):
        return None
    return [e.value for e in values.elements]


def _operand(facts, node) -> str:
    text = facts.module.code_for_node(node)
    simple = isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or node.lpar
    return text if simple else f"({text})"


def _int(node):
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) and \
            isinstance(node.expression, cst.Integer):
        return -int(node.expression.value, 0)
    return None


def _last_axis(path: str, axis_node, operands) -> bool:
    """Does the concatenation join the last axis (the features)?"""
    if axis_node is None:
        if path in _LAST_AXIS_BY_DEFAULT:
            return True
        axis = 0
    else:
        axis = _int(axis_node)
        if axis is None:
            return False
    if axis == -1:
        return True
    ranks = {len(t.shape) for t in operands if getattr(t, "shape", None) is not None}
    if not ranks:
        return axis == 1  # rank unknown: a branch embedding is (batch, features)
    return len(ranks) == 1 and axis == next(iter(ranks)) - 1


SL401 = register(Rule(
    code="SL401",
    name="concatenated-branch-embeddings",
    severity=Severity.WARNING,
    summary="the two branch embeddings are concatenated instead of compared with a distance",
    docs=Docs(
        what="The two branch embeddings are joined with `concatenate`/`Concatenate`/"
        "`tf.concat`/`ops.concatenate` instead of a symmetric distance.",
        why="It runs in both versions, but the head then learns a function of (a, b) that "
        "depends on the order of the pair: f(a, b) != f(b, a), so the 'same' verdict changes "
        "when the inputs are swapped. And it fails outright when the two shapes differ. "
        "Concatenating symmetric pair features ([|a - b|, a * b]) is fine.",
        example="pair = layers.Concatenate()([vec_a, vec_b])  # SL401\n"
        "logits = layers.Dense(1, activation=\"sigmoid\")(pair)",
        fix="`layers.Lambda(lambda t: abs(t[0] - t[1]))([vec_a, vec_b])`, or a Euclidean "
        "distance with an epsilon guard.",
    ),
    check=once_per_node(check_concatenation),
    fixable=True,
))


def _walk_back(a, b, strict=False):
    """Step back through both branches' tower calls until they differ or share a tower."""
    while isinstance(a, Tensor) and isinstance(b, Tensor) and a.producer and b.producer:
        ta, tb = a.producer.tower, b.producer.tower
        if ta is tb:
            return None
        if weightless(ta) and weightless(tb):
            a, b = a.producer.arg, b.producer.arg  # a Flatten or pooling per branch: look further
            continue
        if twins(ta, tb, strict):
            return a.producer, b.producer
        return None
    return None


def check_unshared(facts):
    reported = set()
    for merge in facts.merges:
        if merge.kind not in PAIRWISE or len(merge.operands) != 2:
            continue
        a, b = merge.operands
        if branch_input(facts, a) is None or branch_input(facts, b) is None or a.sources == b.sources:
            continue
        found = _walk_back(a, b, strict=merge.kind in COMBINING)
        if found is None:
            continue
        first, second = sorted(found, key=lambda c: c.seq)
        if mismatched(first.arg.shape, second.arg.shape):
            continue  # the branches' inputs differ: one tower could not take both (SL101 says so)
        first_node, second_node = _divergence(first, second)
        if id(second_node) in reported:
            continue
        reported.add(id(second_node))
        ta, tb = first.tower, second.tower
        how = "a clone of" if isinstance(getattr(tb, "factory", None), tuple) else "a second copy of"
        if first.node is second.node and first_node is not first.node:
            what = (f"each call of the helper builds its own layers (line {facts.line(first.node)}): "
                    f"this call and the one on line {facts.line(first_node)} get different weights")
        else:
            what = (f"{name_of(tb, _tower_on(facts, second, 'this tower'))} is {how} "
                    f"{name_of(ta, _tower_on(facts, first, 'the first tower'))} "
                    f"(line {facts.line(first_node)}) with its own weights")
        message = (f"the branches run through different tower instances: {what}, so nothing is "
                   "shared and the network is not Siamese")
        if ta.node is tb.node and getattr(ta, "config", {}).get("name") is None and \
                getattr(ta, "factory", None) is not None:
            message += ("; if the factory names its layers, Keras also raises "
                        "\"The name ... is used 2 times in the model\"")
        help_text = ("build the tower once and call that one object on both inputs: "
                      "`tower = ...; emb_a = tower(input_a); emb_b = tower(input_b)`")
        yield Finding(second_node, message, help_text)


def _tower_on(facts, call, fallback: str) -> str:
    source = branch_input(facts, call.arg)
    return f"the tower on {source.name}" if source is not None and source.name else fallback


def _divergence(first, second):
    """Where the two branches part: the tower calls themselves, or, when one helper builds
    the layers inline on each call (the same call node twice), the helper's two calls."""
    if first.node is not second.node:
        return first.node, second.node
    for a, b in zip(first.sites, second.sites):
        if a is not b:
            return a, b
    return first.node, second.node


SL402 = register(Rule(
    code="SL402",
    name="unshared-branch-weights",
    severity=Severity.WARNING,
    summary="the two branches run through different layer or model instances",
    docs=Docs(
        what="The two branches run through different layer/model instances with the same "
        "architecture: two separately built towers, a tower factory called once per branch, "
        "`clone_model` of the first tower.",
        why="Nothing raises (unless the factory names its layers, or the clone keeps the "
        "first's name: then Keras raises \"The name ... is used 2 times in the model\"). But "
        "no weights are shared: the two inputs are embedded by two different functions, so "
        "their distance means nothing, and the network has twice the parameters.",
        example="cnn_1 = make_cnn()\n"
        "cnn_2 = make_cnn()\n"
        "v1 = cnn_1(face_1)\n"
        "v2 = cnn_2(face_2)  # SL402",
        fix="Build the tower once and call the same object on both inputs: "
        "`cnn = make_cnn(); v1, v2 = cnn(face_1), cnn(face_2)`.",
    ),
    check=once_per_node(check_unshared),
))


def check_layer_objects(facts):
    for merge in facts.merges:
        if not merge.objects:
            continue
        obj = merge.objects[0]
        name = obj.name or "a layer object"
        calls = [c for c in getattr(obj, "calls", []) if isinstance(c.result, Tensor)]
        outputs = ", ".join(c.result.name for c in calls if c.result.name)
        hint = f" (its outputs here are {outputs})" if outputs else ""
        message = (f"`{name}` is a {obj.kind} object, not a tensor: the merge needs the tower's "
                   f"outputs on the two inputs{hint}")
        help_text = f"pass the outputs: `[{name}(input_a), {name}(input_b)]`"
        yield Finding(merge.node, message, help_text)


SL403 = register(Rule(
    code="SL403",
    name="layer-object-in-merge",
    severity=Severity.ERROR,
    summary="a layer or model object is passed where a tensor is expected",
    docs=Docs(
        what="A layer or model object is passed to a merge or a distance Lambda where a tensor "
        "is expected (`[encoder, encoder]` instead of `[encoder(a), encoder(b)]`).",
        why="Keras raises while building the model, in both versions, with a message about "
        "the input not being a symbolic tensor that rarely points at the slip.",
        example="diff = layers.subtract([encoder, encoder])  # SL403",
        fix="`layers.subtract([encoder(left), encoder(right)])`.",
    ),
    check=once_per_node(check_layer_objects),
))
