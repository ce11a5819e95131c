"""What a `keras.applications` backbone takes and gives, shape-wise, without building it.

Siamese towers are very often a pretrained backbone; the linter needs its output shape
(to check the head and the distance) and the input it was built for (to check the pairs
fed to it). Each entry holds the facts Keras 3 itself uses: the constructor's parameter
order, the default input side, the smallest side it accepts, the channels of the last
feature map, and how that map's side follows from the input side, as the family's strided
convolutions and poolings round it. Every formula was checked against real Keras over a
range of input sides (tests/test_shapes_keras.py keeps some of those checks). Only
`channels_last`, Keras' default image format, is modelled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .values import UNKNOWN, Shape, Tensor


def _ceil(n: int, k: int) -> int:
    return -(-n // k)


def _valid3s2(n: int) -> int:
    """A 3x3 window with stride 2 and no padding."""
    return (n - 1) // 2


def _same32(n: int) -> int:
    """Five halvings that round up ("same"-like padding at every stride)."""
    return _ceil(n, 32)


def _valid32(n: int) -> int:
    """Five halvings that round down (valid poolings, patchifying convolutions)."""
    return n // 32


def _inception(n: int) -> int:
    """InceptionV3 / InceptionResNetV2: a valid-padded stem and two valid reductions."""
    for shrink in (2, 2, 0):
        n = _valid3s2(n) - shrink
    return _valid3s2(_valid3s2(n))


def _divisible(value: float, divisor: int = 8) -> int:
    """MobileNet's rounding of a scaled width to a multiple of 8."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


@dataclass(frozen=True)
class AppSpec:
    """A backbone: parameter order, default and minimum input side, last feature map.

    `side` maps the input side to the feature map's side (the total downsampling is
    `factor`, with the family's own rounding). With ImageNet weights and the classifier
    on top, Keras accepts only the default side or one of `imagenet_sides`; `any_size`
    backbones (MobileNetV3) accept any side even then. `width` gives the channels for a
    width multiplier `alpha` (MobileNets).
    """

    params: tuple[str, ...]
    default_size: int
    channels: int
    side: Callable[[int], int]
    min_size: int = 32
    factor: int = 32
    imagenet_sides: tuple[int, ...] = ()
    any_size: bool = False
    width: Callable[[float], int] | None = None


_MOBILENET_V3 = (
    "input_shape alpha minimalistic include_top weights input_tensor classes pooling dropout_rate "
    "classifier_activation include_preprocessing name"
)
_STANDARD = "include_top weights input_tensor input_shape pooling classes classifier_activation name"


def _family(
    names: str, channels: str, sizes: str, side: Callable[[int], int], params: str = _STANDARD, **kw: Any
):
    size_list = sizes.split()
    return {
        name: AppSpec(tuple(params.split()), int(size_list[i % len(size_list)]), int(c), side, **kw)
        for i, (name, c) in enumerate(zip(names.split(), channels.split()))
    }


APPLICATIONS: dict[str, AppSpec] = {
    **_family("ResNet50 ResNet101 ResNet152 ResNet50V2 ResNet101V2 ResNet152V2", "2048 " * 6, "224", _same32),
    **_family("VGG16 VGG19", "512 512", "224", _valid32),
    **_family("DenseNet121 DenseNet169 DenseNet201", "1024 1664 1920", "224", lambda n: _ceil(n, 4) // 8),
    **_family(
        "ConvNeXtTiny ConvNeXtSmall ConvNeXtBase ConvNeXtLarge ConvNeXtXLarge",
        "768 768 1024 1536 2048",
        "224",
        _valid32,
        "include_top include_preprocessing weights input_tensor input_shape pooling classes "
        "classifier_activation name",
    ),
    **_family(
        "EfficientNetB0 EfficientNetB1 EfficientNetB2 EfficientNetB3 EfficientNetB4 EfficientNetB5 "
        "EfficientNetB6 EfficientNetB7",
        "1280 1280 1408 1536 1792 2048 2304 2560",
        "224 240 260 300 380 456 528 600",
        _same32,
    ),
    **_family(
        "EfficientNetV2B0 EfficientNetV2B1 EfficientNetV2B2 EfficientNetV2B3 EfficientNetV2S "
        "EfficientNetV2M EfficientNetV2L",
        "1280 1280 1408 1536 1280 1280 1280",
        "224 240 260 300 384 480 480",
        _same32,
        _STANDARD.replace("name", "include_preprocessing name"),
    ),
    **_family("InceptionV3 InceptionResNetV2", "2048 1536", "299", _inception, min_size=75),
    **_family("Xception", "2048", "299", lambda n: _ceil(_valid3s2(n) - 2, 16), min_size=71),
    **_family(
        "NASNetMobile NASNetLarge",
        "1056 4032",
        "224 331",
        lambda n: _ceil(_valid3s2(n), 16),
        "input_shape include_top weights input_tensor pooling classes classifier_activation name",
    ),
    **_family(
        "MobileNet",
        "1024",
        "224",
        lambda n: _ceil(n, 2) // 16,
        "input_shape alpha depth_multiplier dropout include_top weights input_tensor pooling classes "
        "classifier_activation name",
        imagenet_sides=(128, 160, 192),
        width=lambda a: int(1024 * a),
    ),
    **_family(
        "MobileNetV2",
        "1280",
        "224",
        _same32,
        "input_shape alpha include_top weights input_tensor pooling classes classifier_activation name",
        imagenet_sides=(96, 128, 160, 192),
        width=lambda a: _divisible(1280 * a) if a > 1 else 1280,
    ),
    **{
        name: AppSpec(
            tuple(_MOBILENET_V3.split()),
            224,
            _divisible(last * 6),
            _same32,
            any_size=True,
            width=lambda a, last=last: _divisible(_divisible(last * a) * 6),
        )
        for name, last in (("MobileNetV3Small", 96), ("MobileNetV3Large", 160))
    },
}


def bind_application(name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Name a backbone call's arguments: positional by Keras' order (which differs:
    `MobileNetV2((96, 96, 3))` passes input_shape), keywords over them."""
    bound = dict(zip(APPLICATIONS[name].params, args))
    bound.update(kwargs)
    return bound


def is_pretrained(config: Mapping[str, Any]) -> bool | None:
    """Whether the backbone loads trained weights: `weights` defaults to "imagenet";
    None means random initialisation; any other string is a weights file."""
    weights = config.get("weights", "imagenet")
    if weights is None:
        return False
    return True if isinstance(weights, str) else None


def _declared_input(config: Mapping[str, Any]) -> Any:
    """The input shape without batch axis the call names: `input_shape`, else the shape
    of `input_tensor`; None when neither is given, UNKNOWN when it cannot be read."""
    shape, tensor = config.get("input_shape"), config.get("input_tensor")
    if shape is None and tensor is not None:
        if not isinstance(tensor, Tensor) or tensor.shape is None:
            return UNKNOWN
        shape = tensor.shape[1:]
    if shape is None:
        return None
    if not isinstance(shape, (tuple, list)) or not all(d is None or isinstance(d, int) for d in shape):
        return UNKNOWN
    return tuple(shape)


def application_input_shape(name: str, config: Mapping[str, Any]) -> Shape:
    """The input shape (with batch axis) the backbone is built for, as Keras settles it:
    the declared one, else the default size with the classifier on top (and always for
    NASNetMobile), else any size with 3 channels."""
    spec = APPLICATIONS[name]
    declared, top = _declared_input(config), config.get("include_top", True)
    default = (None, spec.default_size, spec.default_size, 3)
    if declared is UNKNOWN:
        fixed = top is True and is_pretrained(config) and not (spec.imagenet_sides or spec.any_size)
        return default if fixed else (None, None, None, 3 if is_pretrained(config) else None)
    if declared is not None:
        return (None, *declared)
    if name == "NASNetMobile" or (top is True and not spec.any_size):
        return default
    return (None, None, None, 3)


def application_problem(name: str, config: Mapping[str, Any]) -> str | None:
    """Why Keras would refuse to build this backbone (its ValueError, in short), or None:
    an input below the minimum size, ImageNet weights with other than 3 channels, the
    ImageNet classifier on another input size or another number of classes, a classifier
    on an input of unknown size."""
    spec = APPLICATIONS[name]
    top, weights = config.get("include_top", True), config.get("weights", "imagenet")
    imagenet = weights == "imagenet"
    if imagenet and top is True and config.get("classes", 1000) not in (1000, UNKNOWN):
        return f"{name}: with weights='imagenet' and include_top=True, classes must be 1000"
    declared = _declared_input(config)
    if declared is UNKNOWN or not isinstance(top, bool) or weights is UNKNOWN:
        return None
    shape = application_input_shape(name, config)[1:]
    if len(shape) != 3:
        return f"{name}: input_shape must be (height, width, channels), got {shape}"
    sides = shape[:2]
    if imagenet and shape[2] not in (3, None):
        return f"{name}: ImageNet weights need 3 input channels, got input_shape {shape}"
    if any(s is not None and s < spec.min_size for s in sides):
        return f"{name}: input must be at least {spec.min_size}x{spec.min_size}, got {shape}"
    if imagenet and name.startswith("NASNet") and None in sides:
        return f"{name}: ImageNet weights need a fixed input size, got {shape}"
    if top and not spec.any_size:
        if None in sides:
            return f"{name}: include_top=True needs a fixed input size, got {shape}"
        if imagenet and (sides[0] != sides[1] or sides[0] not in (spec.default_size, *spec.imagenet_sides)):
            side = spec.default_size
            return (
                f"{name}: with weights='imagenet' and include_top=True the input must be "
                f"{side}x{side}x3, got {shape}"
            )
    return None


def application_output_shape(name: str, config: Mapping[str, Any]) -> Shape | None:
    """The backbone's output shape: (None, classes) with its classifier, (None, channels)
    when pooled, else the last feature map (None, h, w, channels). None when unknown or
    when Keras would refuse the arguments (see `application_problem`)."""
    spec = APPLICATIONS.get(name)
    top = config.get("include_top", True)
    if spec is None or not isinstance(top, bool) or application_problem(name, config):
        return None
    if top:
        classes = config.get("classes", 1000)
        return (None, classes if isinstance(classes, int) else None)
    alpha = config.get("alpha", 1.0)
    if alpha == 1.0:
        channels = spec.channels
    else:
        channels = spec.width(alpha) if spec.width and isinstance(alpha, (int, float)) else None
    pooling = config.get("pooling")
    if pooling is UNKNOWN:
        return None
    if pooling in ("avg", "max"):
        return (None, channels)
    _, *sides, _ = application_input_shape(name, config)
    return (None, *(None if s is None else spec.side(s) for s in sides), channels)
