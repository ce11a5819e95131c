"""Which tensors are the two branches of a pair: the questions every pair rule asks of Facts.

Two Inputs form a pair when the same tower is applied to tensors derived from each, or when
tensors derived from each are merged or compared. The "second branch call" is where the user
must act: the first tower call on the later branch, or the merge when there is no tower.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from siamlint.analysis.facts import Facts, InputFact, TowerCall
from siamlint.analysis.values import Layer, Model, Tensor

# Merges that compare their operands. Concatenating, adding or multiplying the features of
# two Inputs is how multi-input models fuse modalities (an image and its metadata), so only
# a shared tower or a comparison makes two Inputs the branches of a pair.
COMPARISONS = frozenset({"subtract", "dot", "lambda", "op", "layer", "model"})


@dataclass(eq=False)
class Pair:
    first: InputFact
    second: InputFact
    node: Any  # the second branch's call (or the merge)
    tower: Any = None  # the shared tower, when the pair is defined by one
    first_arg: Any = None  # what reaches the shared tower on each side
    second_arg: Any = None
    first_call: TowerCall | None = None
    second_call: TowerCall | None = None


def branch_input(facts: Facts, tensor) -> InputFact | None:
    """The one Input a tensor derives from (None when it mixes several, or none)."""
    if not isinstance(tensor, Tensor) or len(tensor.sources) != 1:
        return None
    (source,) = tensor.sources
    return facts.input_of(source)


def _first_call_on(facts: Facts, source_input: InputFact) -> TowerCall | None:
    for call in facts.tower_calls:
        if call.arg.sources == frozenset([source_input.tensor]):
            return call
    return None


def pairs(facts: Facts) -> list[Pair]:
    """Every pair of Inputs, once, in program order."""
    cached = getattr(facts, "_pairs", None)
    if cached is not None:
        return cached
    found: dict[tuple, Pair] = {}
    by_tower: dict[int, list[TowerCall]] = {}
    for call in facts.tower_calls:
        by_tower.setdefault(id(call.tower), []).append(call)
    for calls in by_tower.values():
        seen: list[tuple[InputFact, TowerCall]] = []
        for call in calls:
            source = branch_input(facts, call.arg)
            if source is None or any(s is source for s, _ in seen):
                continue
            for other, other_call in seen:
                key = (id(other), id(source))
                if key not in found:
                    found[key] = Pair(other, source, call.node, call.tower, other_call.arg,
                                      call.arg, other_call, call)
            seen.append((source, call))
    for merge in facts.merges:
        if len(merge.operands) != 2 or merge.kind not in COMPARISONS:
            continue
        a, b = (branch_input(facts, t) for t in merge.operands)
        if a is None or b is None or a is b:
            continue
        if (id(a), id(b)) in found or (id(b), id(a)) in found:
            continue
        second_call = _first_call_on(facts, b)
        node = second_call.node if second_call is not None else merge.node
        found[(id(a), id(b))] = Pair(a, b, node, first_call=_first_call_on(facts, a),
                                     second_call=second_call)
    result = list(found.values())
    facts._pairs = result
    return result


def from_batch_axis_input(facts: Facts, tensor) -> bool:
    """Derived from an Input whose shape= holds the batch axis (SL105 reports that Input,
    not the shape failures it causes downstream)."""
    for source in getattr(tensor, "sources", ()):
        fact = facts.input_of(source)
        if fact is not None and fact.batch_in_shape:
            return True
    return False


def mismatched(a, b) -> bool:
    """Two static shapes that cannot be the same (ranks differ, or a known dim differs)."""
    if a is None or b is None:
        return False
    if len(a) != len(b):
        return True
    return any(x is not None and y is not None and x != y for x, y in zip(a[1:], b[1:]))


def is_text_tower(tower) -> bool:
    """A tower that starts with an Embedding: its inputs are token sequences."""
    if isinstance(tower, Layer):
        return tower.kind == "Embedding"
    if isinstance(tower, Model) and tower.layers:
        return is_text_tower(tower.layers[0])
    if isinstance(tower, Model) and tower.inputs:
        return False
    return False


def produced_by_embedding(tensor) -> bool:
    call = getattr(tensor, "producer", None)
    return call is not None and is_text_tower(call.tower)


def name_of(value, fallback: str = "the tower") -> str:
    name = getattr(value, "name", None)
    return f"`{name}`" if name else fallback


def signature(obj):
    """A comparable description of a layer or model's architecture, None when not fully known."""
    if isinstance(obj, Layer):
        items = []
        for key, value in sorted(obj.config.items(), key=lambda kv: str(kv[0])):
            if key == "name":
                continue
            if not isinstance(value, (int, float, str, bool, tuple, type(None))):
                return None
            items.append((key, value))
        return (obj.kind, tuple(items))
    if isinstance(obj, Model) and obj.kind == "Sequential":
        parts = tuple(signature(layer) for layer in obj.layers)
        if any(p is None for p in parts):
            return None
        return ("Sequential", tuple(obj.input_shapes or ()), parts)
    return None


# Layers without weights: two instances of one of these compute the same function, so a
# branch that goes through its own copy still shares everything that matters.
WEIGHTLESS = frozenset({
    "Flatten", "Reshape", "Permute", "RepeatVector", "Lambda", "Dropout", "AlphaDropout",
    "GaussianDropout", "GaussianNoise", "SpatialDropout1D", "SpatialDropout2D",
    "SpatialDropout3D", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "Identity",
    "Masking", "ActivityRegularization", "Rescaling", "Resizing", "CenterCrop",
    "UnitNormalization", "Cropping1D", "Cropping2D", "Cropping3D", "ZeroPadding1D",
    "ZeroPadding2D", "ZeroPadding3D", "UpSampling1D", "UpSampling2D", "UpSampling3D",
    *(f"{p}{n}D" for p in ("MaxPooling", "AveragePooling", "GlobalAveragePooling",
                           "GlobalMaxPooling", "MaxPool", "AvgPool", "GlobalAvgPool",
                           "GlobalMaxPool") for n in (1, 2, 3)),
})


def weightless(obj) -> bool:
    return isinstance(obj, Layer) and obj.kind in WEIGHTLESS


def twins(a, b, strict: bool = False) -> bool:
    """Two distinct towers with the same architecture: built at the same place (a factory
    called twice), cloned one from the other, or (unless `strict`) written out twice
    identically, which is also how generic multi-input models look."""
    if a is b or not isinstance(a, (Layer, Model)) or not isinstance(b, (Layer, Model)):
        return False
    if a.node is b.node and a.node is not None:
        return True
    for x, y in ((a, b), (b, a)):
        factory = getattr(x, "factory", None)
        if isinstance(factory, tuple) and factory[0] == "clone" and factory[1] is y:
            return True
    if strict:
        return False
    sa, sb = signature(a), signature(b)
    return sa is not None and sa == sb


def once_per_node(check):
    """Wrap a rule's check so it reports one finding per node: a helper called twice (a
    distance function used by two Lambdas, a factory building two bases) records its facts
    twice, at one place in the source."""

    def once(facts):
        seen = set()
        for finding in check(facts):
            if id(finding.node) not in seen:
                seen.add(id(finding.node))
                yield finding

    once.__name__ = getattr(check, "__name__", "check")
    once.__doc__ = check.__doc__
    return once
