"""Shape rules: the two branches of a pair, towers, merges, Input declarations and fit data."""
from __future__ import annotations

from siamlint.lazy import cst

from siamlint.analysis.pairs import (
    branch_input,
    from_batch_axis_input,
    is_text_tower,
    mismatched,
    name_of,
    once_per_node,
    pairs,
    produced_by_embedding,
)
from siamlint.analysis.values import Array, Layer, Model, format_shape
from siamlint.diagnostics import Applicability, Severity
from siamlint.rules.base import Docs, Finding, FixSpec, NodeEdit, Rule, register


def _shape(full) -> str:
    return format_shape(full, batch=False)


def _literal(full) -> str:
    dims = [("None" if d is None else str(d)) for d in full[1:]]
    return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"


def _literal_shape_node(node) -> bool:
    """A shape written out as numbers, which an edit may replace (a variable or a function
    parameter stands for more than this one call)."""
    return isinstance(node, (cst.Tuple, cst.List)) and all(
        isinstance(e.value, cst.Integer) or (isinstance(e.value, cst.Name) and e.value.value == "None")
        for e in node.elements)


def _text_pair(pair) -> bool:
    if pair.tower is not None and is_text_tower(pair.tower):
        return True
    if pair.tower is None and any(call is not None and is_text_tower(call.tower)
                                  for call in (pair.first_call, pair.second_call)):
        return True  # compared directly: each token Input goes into its own Embedding
    return produced_by_embedding(pair.first_arg) or produced_by_embedding(pair.second_arg)


def _pair_shapes(pair):
    """The shapes that reach the shared tower (or, with no tower, the Inputs' shapes)."""
    if pair.tower is not None:
        return pair.first_arg.shape, pair.second_arg.shape
    return pair.first.tensor.shape, pair.second.tensor.shape


def pair_shape_mismatches(facts):
    """Pairs whose branches reach their tower (or merge) with different static shapes."""
    out = []
    for pair in pairs(facts):
        if pair.first.batch_in_shape or pair.second.batch_in_shape:
            continue  # SL105 reports the Input that holds the batch axis
        a, b = _pair_shapes(pair)
        if mismatched(a, b):
            out.append(pair)
    return out


def check_branch_shapes(facts):
    reported = set()
    for pair in pair_shape_mismatches(facts):
        if _text_pair(pair) or id(pair.node) in reported:
            continue  # one diagnostic per call: a triplet's odd branch differs from both others
        if isinstance(pair.tower, Layer) and (pair.second_call is None
                                              or pair.second_call.conflict is None):
            continue  # a bare shared layer (a same-padded Conv2D) may take both shapes
        reported.add(id(pair.node))
        first, second = pair.first, pair.second
        a, b = _pair_shapes(pair)
        where = ""
        if pair.tower is not None:
            line = facts.line(pair.first_call.node)
            built = getattr(pair.tower, "input_shapes", None)
            built = built[0] if built and len(built) == 1 and built[0] is not None else a
            where = (f"; both go through {name_of(pair.tower)} (first call line {line}), "
                     f"which was built for {_shape(built)}")
        message = (f"{second.name or 'the second input'} has shape {_shape(b)} but its pair "
                   f"{first.name or 'the first input'} has {_shape(a)}{where}")
        help_text = (f"give both branches one input shape: declare {second.name or 'it'} with "
                     f"shape={_literal(a)}")
        if len(a) == 4 and a[1] and a[2]:
            help_text += (f", or resize it before the tower with "
                          f"`layers.Resizing({a[1]}, {a[2]})({second.name or 'x'})` "
                          "(mind the aspect ratio)")
        fix = None
        if _fed_with(facts, second.tensor, b, a):
            # the data is shaped for the Input as declared: resize before the tower instead
            fix = _resizing_fix(facts, pair, a, b)
        elif _literal_shape_node(second.shape_node) and pair.second.tensor.shape == b:
            fix = FixSpec(f"Declare {second.name or 'the input'} with shape {_literal(a)}",
                          (NodeEdit(second.shape_node, _literal(a)),), Applicability.UNSAFE)
        yield Finding(pair.node, message, help_text, fix)


def _fed_with(facts, tensor, declared, new) -> bool:
    """Is data that fits the Input as declared (and not the new shape) fed to it?"""
    for fit in facts.fits:
        model = fit.model
        if not isinstance(model, Model) or not model.inputs:
            continue
        arrays = list(fit.x) if isinstance(fit.x, (list, tuple)) else [fit.x]
        if len(arrays) != len(model.inputs):
            continue
        for array, model_input in zip(arrays, model.inputs):
            if model_input is tensor and isinstance(array, Array) and array.shape is not None \
                    and len(array.shape) >= 1 and _accepts(declared, array.shape[1:]) \
                    and not _accepts(new, array.shape[1:]):
                return True
    return False


def _resizing_fix(facts, pair, a, b):
    """`tower(x)` -> `tower(layers.Resizing(h, w)(x))` for an image pair whose data keeps
    the declared size (only height and width differ)."""
    from siamlint.fixes.imports import Importer

    call = pair.second_call
    node = getattr(call, "node", None)
    if pair.tower is None or call is None or not isinstance(node, cst.Call) or not node.args \
            or node.args[0].keyword is not None or node.args[0].star:
        return None
    if len(a) != 4 or len(b) != 4 or a[3] != b[3] or not all(isinstance(d, int) for d in a[1:3]):
        return None
    if (b[1], b[2]) == (a[2], a[1]):
        return None  # height and width swapped: a transposition to fix, not a size to stretch
    imports = Importer(facts, node)
    layers = imports.expr("keras.layers")
    extra = imports.edits()
    if layers is None or extra is None:
        return None
    value = node.args[0].value
    resize = f"{layers}.Resizing({a[1]}, {a[2]})"
    return FixSpec(f"Resize {pair.second.name or 'the input'} to {a[1]}x{a[2]} before the tower",
                   (NodeEdit(value, f"{resize}(", "before"), NodeEdit(value, ")", "after"),
                    *extra), Applicability.UNSAFE)


SL101 = register(Rule(
    code="SL101",
    name="branch-input-shape-mismatch",
    severity=Severity.ERROR,
    summary="the Inputs that feed the two branches of a pair have different static shapes",
    docs=Docs(
        what="The two Inputs of a pair (run through the same tower, or later merged or "
        "compared) reach their tower with different static shapes.",
        why="A Siamese network compares like with like. Keras 3 raises at the second call of "
        "a tower whose input shape is fixed (a Sequential without an Input is fixed by its "
        "first call): `Input 0 of layer ... is incompatible with the layer: expected "
        "shape=(None, 64, 64, 3), found shape=(None, 32, 32, 3)`. Keras 2 runs the same "
        "towers when they end in global pooling, and then the two embeddings describe "
        "images at different scales. When each branch has its own layers, nothing raises "
        "and the network is still not Siamese.",
        example="tower = keras.Sequential([layers.Conv2D(8, 3), layers.GlobalAveragePooling2D()])\n"
        "input_a = keras.Input(shape=(64, 64, 3))\n"
        "input_b = keras.Input(shape=(32, 32, 3))\n"
        "emb_a = tower(input_a)\n"
        "emb_b = tower(input_b)  # SL101",
        fix="Declare both Inputs with one shape (`keras.Input(shape=(64, 64, 3))` for both), "
        "or resize the odd one before the tower with `layers.Resizing(64, 64)` (mind the "
        "aspect ratio: crop or pad rather than stretch).",
    ),
    check=once_per_node(check_branch_shapes),
    fixable=True,
))


def _pair_calls(facts):
    """Tower calls already explained by a pair mismatch (reported as SL101 or SL104)."""
    explained = set()
    for pair in pair_shape_mismatches(facts):
        for call in (pair.first_call, pair.second_call):
            if call is not None:
                explained.add(id(call))
    return explained


def _expected_input(call):
    tower = call.tower
    return tower.input_shapes[0] if tower.input_shapes else tower.built_for


def _arg_name(facts, call) -> str:
    source = branch_input(facts, call.arg)
    return getattr(call.arg, "name", None) or (source.name if source else None) or "the input"


def check_tower_input(facts):
    explained = _pair_calls(facts)
    calls = [c for c in facts.tower_calls
             if c.conflict is not None and id(c) not in explained and isinstance(c.tower, Model)
             and _expected_input(c) is not None and c.arg.shape is not None
             and not from_batch_axis_input(facts, c.arg)]
    done = set()
    for call in calls:
        if id(call) in done:
            continue
        expected = _expected_input(call)
        # calls of this tower on the same line with the same wrong shape: one diagnostic
        line = facts.line(call.node)
        same = [c for c in calls if c.tower is call.tower and c.arg.shape == call.arg.shape
                and facts.line(c.node) == line]
        done.update(id(c) for c in same)
        arg_name = " and ".join(dict.fromkeys(_arg_name(facts, c) for c in same))
        where = facts.line(call.tower.node) if call.tower.node is not None else None
        built = f" (line {where})" if where else ""
        message = (f"{name_of(call.tower)} was built for input shape {_shape(expected)}{built}, "
                   f"but is called on {arg_name} with shape {_shape(call.arg.shape)}")
        inputs = all(getattr(branch_input(facts, c.arg), "tensor", None) is c.arg for c in same)
        if inputs:
            help_text = (f"call {name_of(call.tower)} on tensors of shape {_shape(expected)}: "
                         f"declare {arg_name} with shape={_literal(expected)}, or build the "
                         f"tower for {_shape(call.arg.shape)}")
        else:
            help_text = (f"call {name_of(call.tower)} on tensors of shape {_shape(expected)}, or "
                         f"build it for {_shape(call.arg.shape)}")
        fix = None
        edits = []
        for c in same:
            source = branch_input(facts, c.arg)
            if source is not None and source.tensor is c.arg and _literal_shape_node(source.shape_node) \
                    and all(e.node is not source.shape_node for e in edits):
                edits.append(NodeEdit(source.shape_node, _literal(expected)))
        if edits:
            fix = FixSpec(f"Declare {arg_name} with shape {_literal(expected)}", tuple(edits),
                          Applicability.UNSAFE)
        yield Finding(call.node, message, help_text, fix)


SL102 = register(Rule(
    code="SL102",
    name="tower-input-shape-mismatch",
    severity=Severity.ERROR,
    summary="a tower built for input shape S is called on a tensor whose static shape differs",
    docs=Docs(
        what="A tower (a sub-model, a Sequential with an Input, a function-built Model or a "
        "pretrained base) built for one input shape is called on a tensor of another.",
        why="Keras raises when the model is built, in Keras 3 and Keras 2 alike "
        "(`Input 0 of layer \"functional\" is incompatible with the layer`). One exception, "
        "measured: a Conv2D channel mismatch builds in Keras 3 and fails only at predict.",
        example="encoder = keras.Sequential([keras.Input(shape=(96, 96, 3)), layers.Flatten(), layers.Dense(32)])\n"
        "anchor = keras.Input(shape=(112, 112, 3))\n"
        "za = encoder(anchor)  # SL102",
        fix="Build the tower for the shape the pair really has (`build_encoder((112, 112, 3))`), "
        "or declare the Inputs with the tower's shape.",
    ),
    check=once_per_node(check_tower_input),
    fixable=True,
))


def check_merge_shapes(facts):
    mismatched_inputs = {(id(p.first), id(p.second)) for p in pair_shape_mismatches(facts)}
    mismatched_inputs |= {(b, a) for a, b in mismatched_inputs}
    reported = set()
    for merge in facts.merges:
        if merge.conflict is None or id(merge.node) in reported:
            continue
        sources = [getattr(t, "sources", frozenset()) for t in merge.operands]
        if len(merge.operands) < 2:
            continue
        concrete = all(not s for s in sources)
        branches = all(s for s in sources) and len({frozenset(s) for s in sources}) > 1
        if not (concrete or branches):
            continue
        if any(from_batch_axis_input(facts, t) for t in merge.operands):
            continue  # SL105 reports the Input that holds the batch axis
        inputs = [branch_input(facts, t) for t in merge.operands]
        if len(inputs) == 2 and all(inputs) and (id(inputs[0]), id(inputs[1])) in mismatched_inputs:
            continue  # the pair's Inputs already differ: SL101 says so
        reported.add(id(merge.node))
        names = " and ".join(
            f"{t.name or 'a branch'} {format_shape(t.shape)}" for t in merge.operands[:2])
        what = _MERGE_WORDS.get(merge.kind, f"{merge.kind} of")
        message = f"{what} {names} cannot work: {merge.conflict}"
        help_text = ("give both branches the same embedding: run them through one tower (or "
                     "towers ending in the same layer and width) before comparing them")
        yield Finding(merge.node, message, help_text)


_MERGE_WORDS = {"op": "the arithmetic on", "lambda": "the Lambda on", "layer": "the layer on",
                "model": "the head model on", "subtract": "Subtract of", "add": "Add of",
                "multiply": "Multiply of", "average": "Average of", "maximum": "Maximum of",
                "minimum": "Minimum of", "dot": "Dot of", "concat": "the concatenation of",
                "batch_concat": "the concatenation of", "stack": "stacking"}


SL103 = register(Rule(
    code="SL103",
    name="merge-shape-mismatch",
    severity=Severity.ERROR,
    summary="branch outputs are merged or compared with shapes that cannot be combined",
    docs=Docs(
        what="Branch outputs (or a pair's precomputed embedding arrays) are merged or compared "
        "(Subtract, Dot, Concatenate on another axis, a Lambda distance, `tf.norm(a - b)`, "
        "`ops.abs(a - b)`) with inferred shapes that cannot be combined.",
        why="Keras raises while building the model, in both versions; eager ops raise "
        "`Incompatible shapes`. Keras 3 reports a Lambda distance on mismatched shapes as a "
        "misleading NotImplementedError about inferring the Lambda's output shape.",
        example="u_vec = layers.Dense(64)(trunk(user))\n"
        "i_vec = layers.Dense(48)(trunk(item))\n"
        "score = layers.Dot(axes=1, normalize=True)([u_vec, i_vec])  # SL103",
        fix="End both branches in the same layer (one shared projection), so the embeddings "
        "have one width before they are compared.",
    ),
    check=once_per_node(check_merge_shapes),
))


def _length(shape) -> str:
    return str(shape[1]) if len(shape) == 2 else _shape(shape)


def check_sequence_lengths(facts):
    reported = set()
    for pair in pair_shape_mismatches(facts):
        if not _text_pair(pair) or id(pair.node) in reported:
            continue
        reported.add(id(pair.node))
        where = (f"both go through {name_of(pair.tower)}" if pair.tower is not None else
                 "the two branches are then compared")
        a, b = _pair_shapes(pair)
        first, second = pair.first, pair.second
        if produced_by_embedding(pair.first_arg) and produced_by_embedding(pair.second_arg) \
                and a[-1] != b[-1]:
            message = (f"the Embeddings of the two text branches give {a[-1]}- and "
                       f"{b[-1]}-dimensional vectors ({second.name or 'the second input'} "
                       f"vs {first.name or 'the first input'}); {where}")
            help_text = "use one Embedding layer for both branches (shared weights, one output_dim)"
        else:
            message = (f"{second.name or 'the second input'} holds sequences of length "
                       f"{_length(b)} but its pair {first.name or 'the first input'} has "
                       f"{_length(a)}; {where}")
            help_text = f"pad both sides to one length (maxlen={a[1]}) and declare both Inputs with it"
        yield Finding(pair.node, message, help_text)
    yield from _padded_data_lengths(facts)


def _padded_data_lengths(facts):
    """Variable-length Inputs fed sequences padded to different lengths."""
    for fit in facts.fits:
        model = fit.model
        if not isinstance(model, Model) or not isinstance(fit.x, (list, tuple)):
            continue
        if len(fit.x) != len(model.inputs) or len(fit.x) != 2:
            continue
        lengths = [getattr(x, "maxlen", None) for x in fit.x]
        if None in lengths or lengths[0] == lengths[1]:
            continue
        for pair in pairs(facts):
            if {id(pair.first.tensor), id(pair.second.tensor)} != {id(t) for t in model.inputs}:
                continue
            if not _text_pair(pair):
                continue
            order = [fit.x[model.inputs.index(p.tensor)] for p in (pair.first, pair.second)]
            message = (f"{order[1].name or 'the second array'} is padded to length "
                       f"{order[1].maxlen} but its pair {order[0].name or 'the first array'} "
                       f"to {order[0].maxlen}; {pair.second.name or 'the second input'} and "
                       f"{pair.first.name or 'the first input'} share {name_of(pair.tower)}")
            help_text = f"pad both sides with one maxlen (e.g. maxlen={max(lengths)})"
            yield Finding(pair.node, message, help_text)


SL104 = register(Rule(
    code="SL104",
    name="sequence-length-mismatch",
    severity=Severity.ERROR,
    summary="text branches padded or embedded to different lengths or Embedding widths",
    docs=Docs(
        what="The two branches of a text pair are padded to different lengths "
        "(`pad_sequences(maxlen=)`, `Input(shape=(maxlen,))`, `Embedding(input_length=)`) "
        "or embedded with different Embedding output_dim.",
        why="It raises only where the length reaches a shape-bound weight (Flatten then "
        "Dense, data longer than the Input); with LSTM, GRU or pooling encoders it runs "
        "silently and the two sides are encoded from differently truncated text. Different "
        "Embedding widths raise at the shared recurrent layer (Keras 2) or at predict (Keras 3).",
        example="question = keras.Input(shape=(20,))\n"
        "answer = keras.Input(shape=(60,))\n"
        "q_vec = gru(embedding(question))\n"
        "a_vec = gru(embedding(answer))  # SL104",
        fix="Pad both sides to one maxlen and declare both Inputs with it (or `shape=(None,)` "
        "for both), and embed both with one shared Embedding layer.",
    ),
    check=once_per_node(check_sequence_lengths),
))


def check_batch_axis(facts):
    for fact in facts.inputs:
        if not fact.batch_in_shape:
            continue
        declared = format_shape(fact.declared if isinstance(fact.declared, tuple) else None)
        message = (f"Input(shape=...) of {fact.name or 'this input'} is given {declared}, a "
                   "shape that already holds the batch axis, so the tensor gets one axis too many")
        help_text = ("pass the per-sample shape: drop the first axis (`shape=x.shape[1:]`), or "
                     "use `batch_shape=` if you mean to fix the batch size")
        yield Finding(fact.node, message, help_text, _drop_batch_axis_fix(facts, fact))


_ATOMIC = ("Name", "Attribute", "Call", "Subscript")


def _drop_batch_axis_fix(facts, fact):
    """`shape=(None, 64)` -> `shape=(64,)`; `shape=x.shape` -> `shape=x.shape[1:]`."""
    node = fact.shape_node
    if node is None:
        return None
    kind = type(node).__name__
    if kind in ("Tuple", "List") and isinstance(fact.declared, tuple) \
            and len(node.elements) == len(fact.declared) \
            and not any(type(e).__name__ == "StarredElement" for e in node.elements):
        edit = NodeEdit(node, _literal(fact.declared))
    elif kind in _ATOMIC:
        edit = NodeEdit(node, "[1:]", where="after")
    else:
        edit = NodeEdit(node, f"({facts.module.code_for_node(node)})[1:]")
    return FixSpec("Drop the batch axis from the shape", (edit,))


SL105 = register(Rule(
    code="SL105",
    name="batch-axis-in-input-shape",
    severity=Severity.ERROR,
    summary="`Input(shape=...)` is given a shape that already holds the batch axis",
    docs=Docs(
        what="`Input(shape=...)` receives a shape that includes the batch (sample) axis: "
        "`model.output_shape`, `model.input_shape`, `K.int_shape(t)`, `array.shape`.",
        why="`shape=` is per sample; Keras adds the batch axis itself, so the tensor gets one "
        "axis too many and the first layer that cares raises (GlobalAveragePooling1D gets "
        "rank 4, a tower gets `(None, None, 64, 64, 3)`).",
        example="query = keras.Input(shape=backbone.input_shape)  # (None, 64, 64, 3)",
        fix="Pass the per-sample shape (`shape=backbone.input_shape[1:]`, "
        "`shape=x_train.shape[1:]`), or use `batch_shape=` when the batch axis is meant.",
    ),
    check=once_per_node(check_batch_axis),
    fixable=True,
))


def _accepts(declared, sample) -> bool:
    """Can an Input declared (with batch axis) take arrays of this per-sample shape?"""
    want = declared[1:]
    if len(sample) == len(want):
        return all(w is None or s is None or w == s for w, s in zip(want, sample))
    if len(sample) == len(want) - 1 and want[-1] in (1, None):
        return all(w is None or s is None or w == s for w, s in zip(want[:-1], sample))
    return False


def check_fit_data(facts):
    for fit in facts.fits:
        model = fit.model
        if not isinstance(model, Model) or not model.inputs:
            continue
        arrays = list(fit.x) if isinstance(fit.x, (list, tuple)) else [fit.x]
        if len(arrays) != len(model.inputs):
            continue
        problems = []
        for array, tensor in zip(arrays, model.inputs):
            fact = facts.input_of(tensor)
            if not isinstance(array, Array) or array.shape is None or tensor.shape is None:
                continue
            if fact is None or fact.batch_in_shape or len(array.shape) < 1:
                continue
            if not _accepts(tensor.shape, array.shape[1:]):
                problems.append((array, fact, tensor))
        if not problems:
            continue
        parts = [f"{array.name or 'an array'} with samples of shape "
                 f"{format_shape((None, *array.shape[1:]), batch=False)} to "
                 f"{fact.name or 'an input'}, which takes {_shape(tensor.shape)}"
                 for array, fact, tensor in problems]
        message = f"{fit.method}() feeds " + "; and ".join(parts)
        want = _shape(problems[0][2].shape)
        help_text = (f"give the data the Inputs' per-sample shape {want} (e.g. `np.transpose(...)`, "
                     "`np.repeat(x[..., None], 3, -1)` for grayscale to RGB), or declare the "
                     "Inputs for the data")
        yield Finding(fit.node, message, help_text)


SL106 = register(Rule(
    code="SL106",
    name="fit-data-shape-mismatch",
    severity=Severity.ERROR,
    summary="arrays passed to fit/predict/evaluate have shapes the model's Inputs cannot take",
    docs=Docs(
        what="Arrays passed to `fit`, `predict` or `evaluate` for a pair have static shapes "
        "that the model's Inputs cannot take. Keras' own leniency (adding one missing "
        "trailing axis of size 1) is not a mismatch.",
        why="Keras raises at the first batch, in both versions, after the whole model has "
        "been built (and, in a notebook, after minutes of preprocessing).",
        example="tower_in = keras.Input(shape=(96, 96, 3))\n"
        "scans = np.random.rand(6, 96, 96)\n"
        "net.fit([scans, scans], labels)  # SL106",
        fix="Give the arrays the Inputs' per-sample shape (stack grayscale to 3 channels, "
        "transpose (N, 13, 100) to (N, 100, 13)), or declare the Inputs for the data.",
    ),
    check=once_per_node(check_fit_data),
))
