"""Loss rules: a contrastive loss against the model's output, its labels, and the metrics."""
from __future__ import annotations

from siamlint.lazy import cst

from siamlint.analysis.pairs import once_per_node
from siamlint.analysis.values import Array, Opaque, Tensor, format_shape
from siamlint.diagnostics import Severity
from siamlint.rules.base import Docs, Finding, FixSpec, NodeEdit, Rule, register

ACCURACY = frozenset({"accuracy", "acc", "binary_accuracy"})
ACCURACY_OBJECTS = frozenset({"keras.metrics.BinaryAccuracy", "keras.metrics.Accuracy"})


def _contrastive(compile_fact) -> bool:
    loss = compile_fact.loss_facts
    return loss is not None and loss.margin is not None and loss.uses_labels


def _loss_name(compile_fact) -> str:
    loss = compile_fact.loss_facts
    name = getattr(loss.function, "name", None) if loss else None
    return f"`{name}`" if name and name not in ("call", "<lambda>") else "the contrastive loss"


def check_output_shape(facts):
    for fact in facts.compiles:
        if not _contrastive(fact):
            continue
        outputs = fact.outputs
        if len(outputs) > 1:
            message = (f"{_loss_name(fact)} is applied to a model with {len(outputs)} outputs; a "
                       "contrastive loss needs one distance per pair")
        elif len(outputs) == 1 and isinstance(outputs[0], Tensor) and outputs[0].shape is not None:
            shape = outputs[0].shape
            if len(shape) <= 1 or (len(shape) == 2 and shape[1] in (1, None)):
                continue
            if fact.loss_facts.margin_shape != shape:
                continue  # the margin is not applied to the output itself: the loss may
                # compute its own distances from embeddings (a batch-wise contrastive loss)
            message = (f"{_loss_name(fact)} is applied to an output of shape {format_shape(shape)}, "
                       "not one distance per pair (None, 1): Keras 3 raises with 1-D labels, "
                       "Keras 2 broadcasts the labels and trains on a wrong loss")
        else:
            continue
        help_text = ("reduce the pair to one distance before the output: e.g. "
                     "`layers.Lambda(euclidean_distance)([emb_a, emb_b])` with keepdims=True, "
                     "giving shape (None, 1)")
        yield Finding(fact.node, message, help_text)


SL501 = register(Rule(
    code="SL501",
    name="loss-output-shape-mismatch",
    severity=Severity.ERROR,
    summary="a contrastive-style loss is applied to a model whose output is not one distance per pair",
    docs=Docs(
        what="A contrastive-style loss (a margin on `y_pred`) is compiled on a model whose "
        "output is not one distance per pair: an embedding-shaped output such as "
        "`(None, 128)`, or a model with two outputs.",
        why="Keras 3 raises in fit with 1-D labels (\"Incompatible shapes: [4] vs. [4,64]\"), "
        "or a KeyError about the loss structure for two outputs; Keras 2 reshapes the labels, "
        "applies the loss per output and trains silently on a wrong loss.",
        example="prod = layers.Multiply()([shared(u), shared(v)])  # (None, 64)\n"
        "model = keras.Model([u, v], prod)\n"
        "model.compile(optimizer=\"adam\", loss=contrastive_loss)  # SL501",
        fix="End the model in one distance per pair: a Euclidean Lambda with "
        "`keepdims=True` (shape (None, 1)).",
    ),
    check=once_per_node(check_output_shape),
))


def _float_labels(facts, compile_fact) -> bool:
    for fit in facts.fits:
        if fit.model is compile_fact.model and fit.method == "fit":
            y = fit.y
            if isinstance(y, (Array, Tensor)) and y.dtype and y.dtype.startswith("float"):
                return True
    return False


def _cast_fix(facts, function):
    from siamlint.fixes.imports import Importer

    node = function.node
    if not isinstance(node, cst.FunctionDef) or not isinstance(node.body, cst.IndentedBlock):
        return None
    params = [p.name.value for p in node.params.params]
    if params[:1] == ["self"]:
        params = params[1:]
    body = list(node.body.body)
    if body and _docstring(body[0]):
        body = body[1:]
    if len(params) < 2 or not body:
        return None
    first = body[0]
    imports = Importer(facts, first)
    style = _backend_of(facts, node)
    if style is not None:
        cast = imports.expr(f"{style}.cast")
    else:
        bound = next(filter(None, (imports.idx.bound(m, first) for m in ("tf", "K", "keras.ops"))),
                     None)
        cast = f"{bound}.cast" if bound else None
        if cast is None:  # nothing bound: TensorFlow where Keras comes from it, else keras.ops
            tf_keras = imports.idx.keras_root in ("tensorflow.keras", "tf_keras")
            cast = imports.expr("tf.cast" if tf_keras else "keras.ops.cast")
    extra = imports.edits()
    if cast is None or extra is None:
        return None
    y_true, y_pred = params[:2]
    line = f"{y_true} = {cast}({y_true}, {y_pred}.dtype)"
    return FixSpec(f"Cast {y_true} to {y_pred}.dtype at the top of the loss",
                   (NodeEdit(first, line, "line_before"), *extra))


def _docstring(stmt) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and \
        isinstance(stmt.body[0], cst.Expr) and \
        isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _backend_of(facts, function) -> str | None:
    """The backend a function computes with (`tf`, `K` or `keras.ops`): the most used."""
    from siamlint.fixes.imports import resolve

    counts: dict[str, int] = {}

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            if isinstance(call.func, cst.Attribute):
                module = resolve(facts, call.func.value)
                if module in ("tf", "K", "keras.ops"):
                    counts[module] = counts.get(module, 0) + 1

    function.body.visit(Calls())
    return max(counts, key=lambda m: (counts[m], m == "tf")) if counts else None


def _label_arrays(facts, compile_fact):
    return [f.y for f in facts.fits if f.model is compile_fact.model and f.method == "fit"]


def _int_labels(facts, compile_fact) -> bool:
    return any(isinstance(y, (Array, Tensor)) and y.dtype and y.dtype.startswith(("int", "uint"))
               for y in _label_arrays(facts, compile_fact))


def check_uncast_labels(facts):
    seen = set()
    for fact in facts.compiles:
        loss = fact.loss_facts
        if loss is None or loss.uncast_node is None or id(loss.uncast_node) in seen:
            continue
        if _float_labels(facts, fact):
            continue
        if loss.margin is None and not loss.binary_labels and not _int_labels(facts, fact):
            continue  # not a pair-label loss (a regression residual): labels are floats there
        seen.add(id(loss.uncast_node))
        message = ("y_true is combined with y_pred-derived float tensors without a cast: with "
                   "integer labels Keras 2 raises in fit (\"Input 'y' of 'Mul' Op has type "
                   "float32 that does not match type int64\"); Keras 3 casts y_true itself")
        help_text = "cast the labels at the top of the loss: `y_true = tf.cast(y_true, y_pred.dtype)`"
        yield Finding(loss.uncast_node, message, help_text, _cast_fix(facts, loss.function))


SL502 = register(Rule(
    code="SL502",
    name="uncast-labels-in-loss",
    severity=Severity.ERROR,
    summary="a custom contrastive loss multiplies or subtracts y_true with y_pred terms uncast",
    docs=Docs(
        what="A custom contrastive loss multiplies or subtracts `y_true` with tensors derived "
        "from `y_pred` without casting `y_true` first.",
        why="Labels are usually integers. TensorFlow ops do not promote, so Keras 2 raises in "
        "fit (\"Input 'y' of 'Mul' Op has type float32 that does not match type int64\"); "
        "Keras 3 casts y_true itself and runs, but calling the loss directly on integer "
        "tensors raises in both.",
        example="def contrastive_loss(y_true, y_pred):\n"
        "    return K.mean(y_true * K.square(y_pred) + (1 - y_true) * K.square(K.relu(1 - y_pred)))  # SL502",
        fix="`y_true = tf.cast(y_true, y_pred.dtype)` as the first line of the loss.",
    ),
    check=once_per_node(check_uncast_labels),
    fixable=True,
))


def check_bounded_output(facts):
    for fact in facts.compiles:
        if not _contrastive(fact):
            continue
        outputs = fact.outputs
        if len(outputs) != 1 or not isinstance(outputs[0], Tensor):
            continue
        margin = fact.loss_facts.margin
        if "bounded" not in outputs[0].tags or margin < 1:
            continue
        message = (f"{_loss_name(fact)} has margin {margin:g}, but the model's output is bounded "
                   "by a sigmoid or tanh and can never exceed 1: the dissimilar-pair term never "
                   "reaches zero and pushes every output to its bound")
        help_text = ("train the contrastive loss on the raw (unbounded) distance: drop the "
                     "sigmoid/tanh head, or use binary cross-entropy with the sigmoid head")
        yield Finding(fact.node, message, help_text)


SL503 = register(Rule(
    code="SL503",
    name="margin-loss-on-bounded-output",
    severity=Severity.WARNING,
    summary="a contrastive (margin) loss is applied to a sigmoid- or tanh-bounded output",
    docs=Docs(
        what="A contrastive (margin) loss is applied to an output squashed by a sigmoid or "
        "tanh, which can never exceed the margin.",
        why="It never raises. With margin m >= 1 and outputs <= 1, `max(m - y_pred, 0)` is "
        "never zero for dissimilar pairs, so the loss keeps pushing every output to the bound "
        "and the model cannot separate pairs by distance.",
        example="out = layers.Dense(1, activation=\"sigmoid\")(gap)\n"
        "model.compile(optimizer=\"adam\", loss=contrastive_loss)  # SL503",
        fix="Use the raw Euclidean distance as the output for a contrastive loss, or keep the "
        "sigmoid head and use binary cross-entropy.",
    ),
    check=once_per_node(check_bounded_output),
))


def _accuracy_metric(metrics):
    items = metrics if isinstance(metrics, (list, tuple)) else [metrics]
    for item in items:
        if isinstance(item, str) and item in ACCURACY:
            return item
        if isinstance(item, Opaque) and item.path in ACCURACY_OBJECTS:
            return item.path.rpartition(".")[2] + "()"
    return None


def check_accuracy_on_distance(facts):
    for fact in facts.compiles:
        metric = _accuracy_metric(fact.metrics)
        if metric is None:
            continue
        outputs = fact.outputs
        if len(outputs) != 1 or not isinstance(outputs[0], Tensor):
            continue
        tags = outputs[0].tags
        if "distance" not in tags or "similarity" in tags:
            continue
        shown = repr(metric) if not metric.endswith("()") else metric
        message = (f"metrics=[{shown}] on a model whose output is a distance: Keras' accuracy "
                   "assumes label 1 means a large output, so it reports nonsense (often exactly "
                   "inverted accuracy)")
        help_text = ("drop the accuracy metric and measure pair accuracy yourself (distance < "
                     "threshold after predict), or use a custom metric that thresholds the distance")
        yield Finding(fact.node, message, help_text)


SL504 = register(Rule(
    code="SL504",
    name="accuracy-on-distance-output",
    severity=Severity.WARNING,
    summary="`metrics=[\"accuracy\"]` on a model whose output is a distance",
    docs=Docs(
        what="`metrics=[\"accuracy\"]` (or `\"acc\"`, `\"binary_accuracy\"`, and their metric "
        "objects) on a model whose output is a distance.",
        why="Keras' accuracy thresholds the output at 0.5 and treats a large output as label "
        "1. A distance is small for similar pairs, so with the usual labels (1 = similar) the "
        "reported accuracy is nonsense, often exactly inverted. It runs in both versions.",
        example="siamese.compile(loss=contrastive_loss, optimizer=\"RMSprop\", "
        "metrics=[\"accuracy\"])  # SL504",
        fix="Drop the metric and compute pair accuracy after predict with a threshold on the "
        "distance, or write a metric that does `distance < threshold`.",
    ),
    check=once_per_node(check_accuracy_on_distance),
))
