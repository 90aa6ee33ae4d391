"""The feelings reader and crisis check on a small lexicon of their own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.feelings import Crisis, Lexicon, Phrase, words_of

LEXICON = Lexicon(
    feelings={
        "sad": ["sad", "cry*", "heart broken"],
        "angry": ["angry", "furious"],
        "lonely": ["lonely", "all alone"],
    },
    crisis={Crisis.SELF_HARM: ["want to die", "kill myself", "kms"], Crisis.UNSAFE: ["hit me"]},
    negations=["not", "no longer"],
    intensifiers=["so", "really"],
    figures_of_speech=["killing me", "it hit me"],
    crisis_negations=["dont want to die"],
)


def test_words_are_normalised_like_the_lexicon() -> None:
    assert words_of("I can’t… SOOOO lonely!!! 😭") == ["i", "cant", "soo", "lonely"]
    assert Phrase.parse("cry*") == Phrase(("cry",), prefix=True)


def test_feelings_with_negation_intensifiers_and_prefixes() -> None:
    reading = LEXICON.read("not angry anymore, just crying. so so lonely")
    assert list(reading.feelings) == ["lonely", "sad"]
    assert reading.top == "lonely"  # the intensifier outweighs
    assert LEXICON.read("no longer sad").feelings == {}
    assert LEXICON.read("my heart broken").feelings == {"sad": 1.5}  # "broken" not again


def test_crisis_with_figures_of_speech_and_denials() -> None:
    assert LEXICON.crisis_in("i want to die") is Crisis.SELF_HARM
    assert LEXICON.crisis_in("I really WANT TO DIE") is Crisis.SELF_HARM
    assert LEXICON.crisis_in("he hit me again") is Crisis.UNSAFE
    assert LEXICON.crisis_in("it hit me last night that its over") is None
    assert LEXICON.crisis_in("i dont want to die, i want it to stop") is None
    assert LEXICON.crisis_in("i dont want to die but i might kill myself") is Crisis.SELF_HARM


def test_emoji_are_read_as_their_words() -> None:
    with_emoji = Lexicon(
        feelings={"sad": ["crying", "heartbroken"], "angry": ["angry"]},
        crisis={Crisis.SELF_HARM: ["want to die"], Crisis.UNSAFE: ["hit me"]},
        negations=["not"],
        intensifiers=["so"],
        figures_of_speech=[],
        crisis_negations=[],
        emoji={"😭": "crying", "💔": "heartbroken", "😤": "angry", "❤️‍🩹": "heartbroken"},
    )
    assert with_emoji.read("😭😭😭").feelings == {"sad": 3.0}
    assert with_emoji.read("ok whatever😤").top == "angry"
    assert with_emoji.read("❤️‍🩹 healing").top == "sad"  # a joined emoji as one
    assert with_emoji.read("not 😤").feelings == {}  # negation reaches an emoji too
    assert LEXICON.read("😭").feelings == {}  # without the mapping, emoji are not words


@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text: str) -> None:
    reading = LEXICON.read(text)
    assert all(score > 0 for score in reading.feelings.values())
