"""The feelings reader and crisis check on a small lexicon of their own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.feelings import Crisis, Lexicon, Phrase, Weights, stem, words_of

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


def test_stems_join_the_forms_of_a_word() -> None:
    assert {stem(w) for w in ("missing", "missed", "misses", "miss")} == {"miss"}
    assert {stem(w) for w in ("cried", "cries", "crying")} == {"cry"}
    assert stem("sitting") == "sit"
    assert stem("sad") == "sad"
    assert stem("2024") == "2024"


def test_features_mark_negated_words_and_carry_the_lexicon_counts() -> None:
    features = LEXICON.features("not angry anymore, just crying")
    assert "n angry" in features
    assert "w angry" not in features
    assert "w cry" in features
    assert "b just cry" in features
    assert "c <cry" in features
    assert features["l sad"] > 0
    assert "l angry" not in features


WEIGHTED = Lexicon(
    feelings={"sad": ["sad"], "lonely": ["lonely"], "okay": ["fine"]},
    crisis={Crisis.SELF_HARM: ["kill myself"], Crisis.UNSAFE: ["hit me"]},
    negations=["not"],
    intensifiers=["so"],
    figures_of_speech=[],
    crisis_negations=[],
    weights=Weights.from_rows(
        [
            ("bias", "sad", 0.2),
            ("w thank", "no_feeling", 3.0),
            ("w empty", "lonely", 1.5),
            ("w house", "lonely", 1.0),
            ("n okay", "sad", 2.0),
            ("l sad", "sad", 1.0),
            ("w gone", "self_harm", 4.0),
            ("bias", "self_harm", -3.0),
            ("bias", "unsafe", -3.0),
        ]
    ),
)


def test_learned_weights_rank_the_feelings_by_share() -> None:
    reading = WEIGHTED.read("empty house tonight")
    assert reading.top == "lonely"
    assert reading.feelings["lonely"] > 0.5
    assert sum(reading.feelings.values()) <= 1
    assert WEIGHTED.read("im not okay").top == "sad"  # a negated word is a feature of its own
    assert WEIGHTED.read("qwzx").feelings == {}  # nothing known: no feelings made up
    assert WEIGHTED.read("").feelings == {}
    assert WEIGHTED.read("thanks").feelings == {}  # "no feeling" leads: none reported


def test_learned_danger_speaks_only_when_the_phrases_found_nothing() -> None:
    assert WEIGHTED.crisis_in("i want to kill myself") is Crisis.SELF_HARM  # the phrase
    assert WEIGHTED.crisis_in("soon ill be gone") is Crisis.SELF_HARM  # the learned model
    assert WEIGHTED.read("soon ill be gone").crisis is Crisis.SELF_HARM
    assert WEIGHTED.crisis_in("empty house") is None  # under the share


@given(st.text(max_size=300))
def test_any_text_is_read_with_weights_without_error(text: str) -> None:
    reading = WEIGHTED.read(text)
    assert all(0 < share <= 1 for share in reading.feelings.values())
