"""Pretrained-base rules: freezing a keras.applications base, when, and calling it frozen."""
from __future__ import annotations

from siamlint.analysis.pairs import once_per_node
from siamlint.analysis.values import Model
from siamlint.diagnostics import Applicability, Severity
from siamlint.rules.base import Docs, Finding, FixSpec, NodeEdit, Rule, register


def _first_compile(facts, epoch):
    seqs = [c.seq for c in facts.compiles if c.epoch == epoch]
    return min(seqs) if seqs else None


def _freezes(fact, base) -> bool:
    return fact.target is base and fact.value is False


def _used_as_tower(facts, base) -> bool:
    if base.calls:
        return True
    for call in facts.tower_calls:
        if isinstance(call.tower, Model) and base in call.tower.layers:
            return True
    return False


def _trains(facts) -> bool:
    """The file compiles or trains a model (an inference-only script never hurts a base)."""
    return bool(facts.compiles) or any(f.method in ("fit", "train_on_batch") for f in facts.fits)


def check_unfrozen_base(facts):
    if not _trains(facts):
        return
    for base in facts.bases:
        if base.pretrained is not True or not _used_as_tower(facts, base):
            continue
        if any(t.target is base for t in facts.trainable):
            continue  # frozen (or deliberately trainable) somewhere: SL302/SL303 judge when
        if any(t.value is False and isinstance(t.target, Model) for t in facts.trainable):
            continue  # a model that may contain the base is frozen: not provably unfrozen
        name = base.name or "the base"
        weights = base.config.get("weights", "imagenet")
        article = "an" if base.kind[:1] in "AEIOU" else "a"
        message = (f"{name} is {article} {base.kind} with pretrained weights "
                   f"(weights={weights!r}{'' if 'weights' in base.config else ', the default'}) "
                   "used as a tower, but it is never frozen before compile()/fit(): the first "
                   "large gradients of the new head wreck the pretrained features")
        help_text = (f"freeze it right after creating it: `{name}.trainable = False` (and call it "
                     f"with `training=False`); unfreeze the top layers later for fine-tuning and "
                     "compile again")
        fix = None
        if base.name:
            fix = FixSpec(f"Insert `{base.name}.trainable = False`",
                          (NodeEdit(base.node, f"{base.name}.trainable = False", "next_line"),))
        yield Finding(base.node, message, help_text, fix)


SL301 = register(Rule(
    code="SL301",
    name="unfrozen-pretrained-base",
    severity=Severity.WARNING,
    summary="a pretrained keras.applications base is used as a tower and never frozen",
    docs=Docs(
        what="A `keras.applications` model with pretrained weights (`weights=\"imagenet\"`, "
        "also the default when `weights` is not given) is used as a tower and never frozen "
        "(`base.trainable = False`, or every layer's `trainable = False`) before compile/fit.",
        why="It never raises. But the new head starts random, and its first large gradients "
        "flow into the pretrained layers and wreck the features you downloaded them for; "
        "BatchNorm statistics drift too. (Freezing does not change the base's output shape, "
        "whatever the seed article says: it changes what training does to it.)",
        example="backbone = keras.applications.ResNet50V2(include_top=False, pooling=\"avg\")  # SL301\n"
        "emb_a, emb_b = backbone(img_a), backbone(img_b)",
        fix="`backbone.trainable = False` right after creating it, before compile; call it "
        "with `training=False`; to fine-tune later, unfreeze the top layers and compile again.",
    ),
    check=once_per_node(check_unfrozen_base),
    fixable=True,
))


def _inside(obj, model, depth=0) -> bool:
    """Is obj the model, or one of its (nested) Sequential layers?"""
    if obj is model:
        return True
    if depth > 8 or not isinstance(model, Model):
        return False
    return any(_inside(obj, layer, depth + 1) for layer in model.layers)


def _part_of(change, compile_fact) -> bool:
    """Was the changed object part of the compiled model? It is the model (or one of its
    layers), or it was called while the model was being built. A base created afterwards,
    say for feature extraction, is not."""
    target = change.target
    if _inside(target, compile_fact.model):
        return True
    return any(call.seq < compile_fact.seq for call in getattr(target, "calls", ()))


def check_trainable_after_compile(facts):
    reported = set()
    for change in facts.trainable:
        compiles = [c for c in facts.compiles if c.epoch == change.epoch]
        before = [c for c in compiles if c.seq < change.seq and _part_of(change, c)]
        after = [c for c in compiles if c.seq > change.seq]
        if not before or after or id(change.node) in reported:
            continue  # (a helper called twice changes it twice, at one place)
        reported.add(id(change.node))
        last = before[-1]
        fitted = any(f.epoch == change.epoch and last.seq < f.seq < change.seq
                     and f.method == "fit" for f in facts.fits)
        when = ("after a fit(), so Keras 3 and Keras 2 both ignore it" if fitted else
                "before the first fit(): Keras 3 honours it, Keras 2 ignores it")
        message = (f"`.trainable` is changed after compile() (line {facts.line(last.node)}) and "
                   f"the model is not compiled again: {when}")
        help_text = ("compile the model again after changing `.trainable` (with a low learning "
                     "rate when fine-tuning), or make the change before compile()")
        # one recompile serves the changes made together: none here when another change of
        # the model follows before the next fit (its recompile comes after both)
        fits = [f.seq for f in facts.fits if f.epoch == change.epoch and f.seq > change.seq]
        grouped = any(c.epoch == change.epoch and change.seq < c.seq < min(fits, default=c.seq + 1)
                      and c.node is not change.node and _part_of(c, last)
                      for c in facts.trainable)
        fix = None if grouped else _recompile_fix(facts, change, last)
        yield Finding(change.node, message, help_text, fix)


def _recompile_fix(facts, change, compile_fact):
    """Repeat the model's last `compile(...)` on the line after the change (or after the loop
    over the layers that makes it), when both are statements of one function."""
    import libcst as cst

    from siamlint.fixes.imports import index

    idx = index(facts)
    call = compile_fact.node
    statement = idx.statement(call)
    if not (isinstance(call, cst.Call) and isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1 and isinstance(statement.body[0], cst.Expr)
            and statement.body[0].value is call):
        return None  # `history = model.compile(...)`, a compile inside an expression
    where = idx.statement(change.node)
    if getattr(change, "per_layer", False):
        # `for layer in model.layers[:n]: layer.trainable = False`: after the loop
        for a in [where, *idx.ancestors(where)]:
            if isinstance(a, (cst.FunctionDef, cst.ClassDef, cst.Module)):
                break
            if isinstance(a, (cst.For, cst.While)):
                where = a
                break
    if not isinstance(where, (cst.SimpleStatementLine, cst.For, cst.While)) or \
            not isinstance(idx.parent(where), (cst.Module, cst.IndentedBlock)):
        return None  # `if x: layer.trainable = False` on one line: no line to add under it
    if idx.scopes(where)[0] is not idx.scopes(statement)[0]:
        return None  # the compile's names may not be bound where the change is
    text = facts.module.code_for_node(call)
    return FixSpec(f"Compile again after changing `.trainable`: `{_short(text)}`",
                   (NodeEdit(where, text, "next_line"),), Applicability.UNSAFE)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


SL302 = register(Rule(
    code="SL302",
    name="trainable-changed-after-compile",
    severity=Severity.WARNING,
    summary="`.trainable` is changed after compile() and the model is not compiled again",
    docs=Docs(
        what="`.trainable` is changed (on a layer, a sub-model, `get_layer(...)`, or in a loop "
        "over `model.layers`) after `compile()`, and the model is not compiled again.",
        why="Keras builds the train step at compile/first fit. After a fit the change is "
        "ignored by Keras 3 and Keras 2 alike (measured: the 'frozen' layers keep training); "
        "before the first fit, Keras 3 honours it and Keras 2 ignores it.",
        example="net.compile(optimizer=\"adam\", loss=\"binary_crossentropy\")\n"
        "net.fit(x, y)\n"
        "net.get_layer(\"encoder\").trainable = False  # SL302\n"
        "net.fit(x, y)",
        fix="Call `compile()` again after changing `.trainable` (the Keras transfer-learning "
        "guide does), or change it before the first compile.",
    ),
    check=once_per_node(check_trainable_after_compile),
    fixable=True,
))


def _frozen(facts, base) -> bool:
    return any(_freezes(t, base) for t in facts.trainable) or base.config.get("trainable") is False


def check_training_mode(facts):
    reported = set()
    for base in facts.bases:
        if base.pretrained is not True or not _frozen(facts, base):
            continue
        for call in base.calls:
            if call.training not in (None, True) or id(call.node) in reported:
                continue  # training=False, or a value not known here; a call inlined twice
            reported.add(id(call.node))
            name = base.name or "the base"
            how = "with training=True" if call.training is True else "without training=False"
            message = (f"the frozen pretrained {name} is called {how}: harmless "
                       "while it stays frozen, but once it is unfrozen for fine-tuning its "
                       "BatchNorm layers start updating and wreck the pretrained statistics")
            help_text = f"call it in inference mode: `{name}(..., training=False)`"
            fix = None
            args = getattr(call.node, "args", ())
            if args and not any(a.keyword is not None and a.keyword.value == "training" for a in args):
                fix = FixSpec("Add `training=False`",
                              (NodeEdit(args[-1].value, ", training=False", "after"),))
            yield Finding(call.node, message, help_text, fix)


SL303 = register(Rule(
    code="SL303",
    name="base-called-in-training-mode",
    severity=Severity.WARNING,
    summary="a frozen pretrained base is called without training=False",
    docs=Docs(
        what="A frozen pretrained base is called on the branch inputs without "
        "`training=False`.",
        why="Harmless while the base stays frozen (measured: no difference). Once it is "
        "unfrozen for fine-tuning, its BatchNorm layers run in training mode, update their "
        "statistics from small Siamese batches and wreck the pretrained ones; this is the "
        "Keras transfer-learning guide's advice.",
        example="base.trainable = False\n"
        "features = base(images)  # SL303",
        fix="`base(images, training=False)`.",
    ),
    check=once_per_node(check_training_mode),
    fixable=True,
))
