"""A clinic's logo, made safe to store and print: a PNG or JPEG of sensible size, re-encoded
so that nothing but the picture survives (no EXIF, GPS position, comments or colour profiles)."""

import io
import warnings

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, JpegImagePlugin

LOGO_MAX_BYTES = 100 * 1024
LOGO_MAX_SIDE = 2000
LOGO_MAX_PIXELS = 4_000_000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
# Modes a PNG logo keeps as they are; a palette stays a palette so a small logo stays small.
PNG_MODES = {"P", "RGB", "RGBA"}

NOT_AN_IMAGE = "That file is not a PNG or JPEG image."
TOO_MANY_PIXELS = f"The logo can be at most {LOGO_MAX_SIDE} × {LOGO_MAX_SIDE} pixels."


def logo_clean(data: bytes) -> tuple[bytes, str]:
    """The logo's re-encoded bytes and content type, or a ValidationError that says what is wrong.

    The declared size is checked before a single pixel is decoded: a few kilobytes can
    declare a picture that takes gigabytes to unpack."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(LOGO_TYPES)) as image:
                width, height = image.size
                if max(width, height) > LOGO_MAX_SIDE or width * height > LOGO_MAX_PIXELS:
                    raise ValidationError(TOO_MANY_PIXELS)
                image.load()
                return _reencoded(image), LOGO_TYPES[image.format]
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(TOO_MANY_PIXELS) from None
        except ValidationError:
            raise
        except Exception:  # a malformed file can make Pillow raise almost anything
            raise ValidationError(NOT_AN_IMAGE) from None


def _reencoded(image: Image.Image) -> bytes:
    kind = image.format
    # Turn phone photos upright while the orientation tag is still there to say how.
    upright = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if kind == "JPEG":
        clean = _pixels_only(upright.convert("RGB"))
        # The upload's own quantization tables keep the file about as small as it came.
        sampling = JpegImagePlugin.get_sampling(image)
        options = {"qtables": image.quantization, **({"subsampling": sampling} if sampling != -1 else {})}
        clean.save(out, "JPEG", optimize=True, **options)
    else:
        if upright.mode not in PNG_MODES:
            has_alpha = "A" in upright.mode or "transparency" in upright.info
            upright = upright.convert("RGBA" if has_alpha else "RGB")
        _pixels_only(upright).save(out, "PNG")
    return out.getvalue()


def _pixels_only(image: Image.Image) -> Image.Image:
    """A copy whose info keeps only which colour is transparent: Pillow writes the rest back on save."""
    clean = image.copy()
    clean.info = {key: value for key, value in image.info.items() if key == "transparency"}
    return clean
