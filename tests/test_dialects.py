from studio.dialects import fold_negative, strip_weights, to_natural


def test_weights_and_emphasis_are_removed() -> None:
    assert strip_weights("(polaroid photo:1.2), (film grain:0.8), [soft], (warm)") == (
        "polaroid photo, film grain, soft, warm"
    )
    assert strip_weights("a (red:1.5) coat") == "a red coat"


def test_negatives_fold_into_plain_language() -> None:
    assert (
        fold_negative("A cat.", "blurry, (watermark:1.3), ") == "A cat. Avoid: blurry, watermark."
    )
    assert fold_negative("A cat.", "") == "A cat."
    assert to_natural("(cat:1.2), sofa", "text") == "cat, sofa Avoid: text."
