"""The red-flag engine's mechanics, on a small thesaurus and protocols made up here (so these
tests say nothing about the shipped content; ``test_redflag_quality`` measures that)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signposting.domain import Urgency
from signposting.errors import ValidationError
from signposting.redflags.annotate import expand_alternatives
from signposting.redflags.protocol import RedFlagEntry
from signposting.redflags.recogniser import Recogniser
from signposting.redflags.rules import Modifier, Rule, parse_rule
from signposting.redflags.thesaurus import Change, Concept, Thesaurus, with_changes
from signposting.redflags.words import form_of, tokenise

THESAURUS = Thesaurus(
    {
        name: Concept(name, terms=tuple(terms), kind=kind)
        for name, terms, kind in [
            ("CHEST", ["chest", "breastbone"], ""),
            ("CHEST_FEELING", ["pain", "tight", "clutching", "crushing", "heavy"], ""),
            ("BREATHING_ABSENT", ["not breathing", "stopped breathing"], ""),
            ("SEIZURE", ["=fit", "seizure", "convulsing"], ""),
            ("FIT_EVERYDAY", ["fit note", "keep fit"], "other-meaning"),
            ("VISION_GONE", ["lost sight", "gone blind"], ""),
            ("STROKE", ["=stroke"], ""),
            ("FEVER", ["fever", "temperature", "burning up"], ""),
            ("SIGN", ["confused", "mottled", "drowsy", "not weeing"], ""),
            ("BLEEDING", ["bleeding", "blood"], ""),
            ("LARGE", ["loads", "pouring"], ""),
            ("SWELLING", ["swelling", "puffy"], ""),
            ("LIPS", ["lips"], ""),
            ("PAST_REMOTE", ["years ago", "in {1950-2026}"], ""),
            ("CURRENT", ["now", "again", "today"], ""),
            ("VOMIT", ["=sick", "vomiting", "shaking"], ""),
            ("SICK_EVERYDAY", ["morning sickness", "knocks me out"], "other-meaning"),
            ("KNOCKED_OUT", ["knocked out"], ""),
            ("GREEN", ["green"], ""),
            ("OPERATION", ["bowel surgery"], ""),
            ("CHILD", ["child", "he is {1-6}"], "who"),
        ]
    }
)


def entry(
    number: int,
    key: str,
    rules: list[str],
    urgency: Urgency = Urgency.EMERGENCY_999,
    modifiers: tuple[Modifier, ...] = (),
) -> RedFlagEntry:
    return RedFlagEntry(
        id=number,
        key=key,
        title=key.replace("-", " ").capitalize(),
        urgency=urgency,
        action=f"Act on {key}",
        rules=tuple(parse_rule(rule) for rule in rules),
        modifiers=modifiers,
    )


PROTOCOLS = [
    entry(1, "cardiac", ["CHEST + CHEST_FEELING   [window=6]"]),
    entry(2, "not-breathing", ["BREATHING_ABSENT"]),
    entry(3, "seizure", ["SEIZURE"]),
    entry(4, "vision", ["VISION_GONE"], Urgency.EMERGENCY_DEPARTMENT),
    entry(5, "stroke", ["STROKE"]),
    entry(6, "sepsis", ["FEVER + 2 of (SIGN, SIGN, SIGN)   [window=30]"]),
    entry(
        7,
        "coughing-blood",
        ['"coughing" + BLEEDING   [window=5]'],
        Urgency.URGENT_SAME_DAY,
        (Modifier(("LARGE",), Urgency.EMERGENCY_DEPARTMENT, "a lot of blood"),),
    ),
    entry(8, "lips", ["LIPS + SWELLING   [window=3]"]),
    entry(9, "green-vomit", ["VOMIT + GREEN   [window=3]"], Urgency.EMERGENCY_DEPARTMENT),
    entry(10, "vomiting", ["VOMIT"], Urgency.URGENT_SAME_DAY),
    entry(11, "knocked-out", ["KNOCKED_OUT"]),
    entry(12, "child-fever", ["CHILD + FEVER   [window=20]"]),
]


@pytest.fixture(scope="module")
def recogniser() -> Recogniser:
    return Recogniser(THESAURUS, PROTOCOLS)


def banner(recogniser: Recogniser, text: str, partial: bool = False) -> list[str]:
    return [flag.entry.key for flag in recogniser.recognise(text, last_partial=partial).banner]


def test_contractions_are_expanded_with_or_without_the_apostrophe() -> None:
    assert [t.text for t in tokenise("She's not breathing, he can't")] == [
        "she",
        "is",
        "not",
        "breathing",
        "he",
        "can",
        "not",
    ]
    assert [t.text for t in tokenise("he isnt breathing")][1:3] == ["is", "not"]
    assert [t.text for t in tokenise("she hasnae had a wee")][1:3] == ["has", "not"]


def test_a_dropped_g_is_read_as_the_ing_word() -> None:
    assert [t.form for t in tokenise("shakin and makin no sense")] == [
        form_of("shaking"),
        "and",
        form_of("making"),
        "no",
        form_of("sense"),
    ]
    assert [t.text for t in tokenise("skin insulin")] == ["skin", "insulin"]  # English already


def test_word_forms_meet_through_the_stemmer_and_irregular_forms() -> None:
    assert form_of("clutching") == form_of("clutch")
    assert form_of("swollen") == form_of("swelling") == "swell"
    assert form_of("bled") == form_of("bleeding")
    assert form_of("took") == form_of("take")
    assert form_of("drank") == form_of("drink")


def test_negation_never_suppresses_a_flag(recogniser: Recogniser) -> None:
    assert banner(recogniser, "she isn't breathing") == ["not-breathing"]
    assert banner(recogniser, "no chest pain but heavy in the breastbone") == ["cardiac"]


def test_words_of_a_rule_must_be_close_together(recogniser: Recogniser) -> None:
    assert banner(recogniser, "my chest feels really tight") == ["cardiac"]
    far = "my chest was x-rayed last year and the doctor said my knee pain is arthritis"
    assert banner(recogniser, far) == []


def test_an_everyday_sense_claims_its_words(recogniser: Recogniser) -> None:
    assert banner(recogniser, "can I have a fit note") == []
    assert banner(recogniser, "I keep fit at the gym") == []
    assert banner(recogniser, "he is having a fit") == ["seizure"]
    assert banner(recogniser, "he had a fit, then needed a fit note") == ["seizure"]


def test_an_everyday_sense_is_not_heard_across_other_words(recogniser: Recogniser) -> None:
    """Articles may sit inside an everyday phrase, but "morning, I was sick" is not morning
    sickness, and an everyday phrase said word for word beats a red-flag term met only by
    skipping little words ("knocks me out" is not "knocked out")."""
    assert banner(recogniser, "this morning I was sick") == ["vomiting"]
    assert banner(recogniser, "morning sickness") == []
    assert banner(recogniser, "the tablets knock me out") == []
    assert banner(recogniser, "he was knocked out") == ["knocked-out"]


def test_misspellings_of_longer_words_are_guessed(recogniser: Recogniser) -> None:
    flags = recogniser.recognise("she is havign a siezure").banner
    assert [f.entry.key for f in flags] == ["seizure"]
    assert flags[0].guessed
    assert banner(recogniser, "chest pian") == ["cardiac"]  # four letters: two swapped


def test_ordinary_words_are_never_corrected_into_red_flags(recogniser: Recogniser) -> None:
    assert banner(recogniser, "lost my keys last night") == []  # not "lost sight"
    assert banner(recogniser, "stopped in stoke for the weekend") == []  # stroke is exact
    assert banner(recogniser, "it was a fib") == []  # short words are not guessed


def test_exact_terms_take_no_guesses(recogniser: Recogniser) -> None:
    assert banner(recogniser, "he had a stroek") == []
    assert banner(recogniser, "he had a fitt") == []


def test_the_word_being_typed_is_completed(recogniser: Recogniser) -> None:
    assert banner(recogniser, "having a seiz", partial=True) == ["seizure"]
    assert banner(recogniser, "having a seiz", partial=False) == []
    # a word that is already an ordinary word is not completed into another
    assert banner(recogniser, "my chest is fine, just a bit of a cold", partial=True) == []


def test_a_clearly_past_mention_becomes_a_quiet_check(recogniser: Recogniser) -> None:
    result = recogniser.recognise("had a stroke in 2019, need my repeat")
    assert result.banner == ()
    assert [flag.entry.key for flag in result.checks] == ["stroke"]
    assert [f.entry.key for f in recogniser.recognise("had a stroke years ago").checks] == [
        "stroke"
    ]


def test_something_current_keeps_a_past_mention_on_the_banner(recogniser: Recogniser) -> None:
    assert banner(recogniser, "had a stroke years ago and having a stroke again now") == ["stroke"]
    assert banner(recogniser, "had a stroke years ago. his face is lopsided, stroke now") == [
        "stroke"
    ]


def test_a_past_marker_does_not_reach_across_the_present_tense(recogniser: Recogniser) -> None:
    text = "had bowel surgery years ago and she is vomiting green"
    assert banner(recogniser, text) == ["green-vomit", "vomiting"]
    past = "had a stroke years ago and she is fine"
    assert [f.entry.key for f in recogniser.recognise(past).checks] == ["stroke"]


def test_a_past_marker_does_not_reach_across_an_afterthought() -> None:
    thesaurus = Thesaurus(
        {
            **THESAURUS.concepts,
            "NEW_MATTER": Concept("NEW_MATTER", terms=("oh and", "by the way")),
        }
    )
    recogniser = Recogniser(thesaurus, PROTOCOLS)
    afterthought = "had a stroke in 2019, oh and his lips are puffy"
    assert banner(recogniser, afterthought) == ["lips"]
    assert banner(recogniser, "his lips were puffy in 2019") == []
    assert [f.entry.key for f in recogniser.recognise(afterthought).checks] == ["stroke"]


def test_who_a_call_is_about_never_makes_a_past_mention_current(recogniser: Recogniser) -> None:
    """ "he's 5 now" says who, not when: the fever of years ago stays a quiet check."""
    result = recogniser.recognise("my child had a fever years ago, he is 5 now")
    assert result.banner == ()
    assert [f.entry.key for f in result.checks] == ["child-fever"]
    assert banner(recogniser, "he is 5 and has a fever") == ["child-fever"]


def test_a_general_question_about_an_illness_is_a_quiet_check() -> None:
    """ "what are the signs of a stroke" asks about an illness nobody has now: a quiet check,
    never nothing; a sign named further on is about someone now and raises the banner."""
    thesaurus = Thesaurus(
        {
            **THESAURUS.concepts,
            "HYPOTHETICAL": Concept(
                "HYPOTHETICAL", terms=("what are the signs of", "if (he|she) ever")
            ),
            "HAPPENING_NOW": Concept("HAPPENING_NOW", terms=("now", "right now")),
        }
    )
    recogniser = Recogniser(thesaurus, PROTOCOLS)
    question = recogniser.recognise("what are the signs of a stroke? for a school project")
    assert question.banner == ()
    assert [f.entry.key for f in question.checks] == ["stroke"]
    assert [f.entry.key for f in recogniser.recognise("if she ever has a fit").checks] == [
        "seizure"
    ]
    assert banner(recogniser, "what are the signs of a stroke, his lips are puffy") == ["lips"]
    assert banner(recogniser, "what are the signs of a stroke his lips are so puffy") == ["lips"]
    assert banner(recogniser, "his lips are puffy, what are the signs of a stroke") == ["lips"]
    assert banner(recogniser, "what are the signs of, she is having a fit") == ["seizure"]
    assert banner(recogniser, "is it normal that his lips are puffy?") == ["lips"]
    assert banner(recogniser, "what are the signs of a fit? he is having one right now") == [
        "seizure"
    ]


def test_a_reading_with_a_decimal_point_is_one_number() -> None:
    tokens = tokenise("temp 38.5, sats 91")
    assert [(t.text, t.number, t.clause) for t in tokens[:2]] == [
        ("temp", None, 0),
        ("38.5", 38, 0),
    ]
    thesaurus = Thesaurus(
        {
            **THESAURUS.concepts,
            "HIGH_READING": Concept("HIGH_READING", terms=("temp {40-43}",)),
        }
    )
    recogniser = Recogniser(thesaurus, [*PROTOCOLS, entry(13, "very-high", ["HIGH_READING"])])
    assert banner(recogniser, "his temp is 40.2") == ["very-high"]
    assert banner(recogniser, "his temp is 39.9") == []
    assert banner(recogniser, "at 12.40 his temp was 37") == []


def test_every_flag_says_why(recogniser: Recogniser) -> None:
    flag = recogniser.recognise("dad keeps clutching his chest").banner[0]
    assert flag.because == "\u2018clutching\u2019 + \u2018chest\u2019"
    assert {(e.words, e.concept) for e in flag.evidence} == {
        ("clutching", "CHEST_FEELING"),
        ("chest", "CHEST"),
    }
    assert flag.to_json()["evidence"] == [
        {"words": "clutching", "concept": "CHEST_FEELING"},
        {"words": "chest", "concept": "CHEST"},
    ]


def test_any_n_of_signs(recogniser: Recogniser) -> None:
    assert banner(recogniser, "temperature and confused") == []
    assert banner(recogniser, "temperature, confused and mottled") == ["sepsis"]
    assert banner(recogniser, "burning up, drowsy, not weeing all day") == ["sepsis"]


def test_a_modifier_raises_urgency_and_says_so(recogniser: Recogniser) -> None:
    plain = recogniser.recognise("coughing up blood").banner[0]
    assert plain.urgency is Urgency.URGENT_SAME_DAY
    assert plain.action == "Act on coughing-blood"
    raised = recogniser.recognise("coughing up blood, loads of it").banner[0]
    assert raised.urgency is Urgency.EMERGENCY_DEPARTMENT
    assert "a lot of blood" in raised.action and raised.action.startswith("Go to A&E now")


def test_most_urgent_first(recogniser: Recogniser) -> None:
    text = "coughing blood and he has lost sight and she is not breathing"
    urgencies = [f.urgency for f in recogniser.recognise(text).banner]
    assert urgencies[0] is Urgency.EMERGENCY_999
    assert urgencies == sorted(urgencies, key=lambda u: u.rank)


def test_one_word_cannot_fill_two_slots(recogniser: Recogniser) -> None:
    assert banner(recogniser, "lips") == []
    assert banner(recogniser, "lips puffy") == ["lips"]


def test_a_multi_word_term_fills_as_many_slots_as_it_has_words() -> None:
    thesaurus = Thesaurus(
        {
            "WORST": Concept("WORST", terms=("worst headache", "worst")),
            "HEADACHE": Concept("HEADACHE", terms=("headache",)),
        }
    )
    thunderclap = entry(1, "thunderclap", ["WORST + HEADACHE"])
    assert banner(Recogniser(thesaurus, [thunderclap]), "the worst headache ever") == [
        "thunderclap"
    ]


def test_a_term_with_alternatives_is_heard_in_each_reading() -> None:
    assert expand_alternatives("(fades|goes away) when (i|) press") == [
        "fades when i press",
        "fades when press",
        "goes away when i press",
        "goes away when press",
    ]
    thesaurus = Thesaurus(
        {
            "RASH": Concept("RASH", terms=("rash",)),
            "NON_BLANCHING": Concept("NON_BLANCHING", terms=("glass on it", "press it")),
            "BLANCHING": Concept(
                "BLANCHING",
                terms=("(fade|go away|go) when (i|you) press (it|glass on it)",),
                kind="other-meaning",
            ),
        }
    )
    meningitis = Recogniser(thesaurus, [entry(1, "meningitis", ["RASH + NON_BLANCHING"])])
    assert banner(meningitis, "a rash, it fades when I press it") == []
    assert banner(meningitis, "rash goes away when you press the glass on it") == []
    assert banner(meningitis, "rash but I pressed the glass on it") == ["meningitis"]


def test_goes_and_went_meet_go() -> None:
    assert form_of("goes") == form_of("went") == form_of("go") == form_of("going")


def test_a_time_phrase_does_not_also_mean_its_words() -> None:
    """ "Four hours ago" says when, not how long something has lasted; "came back" says
    again, not the back."""
    thesaurus = Thesaurus(
        {
            "CURRENT": Concept("CURRENT", terms=("{1-24} hours ago", "came back")),
            "LONG_TIME": Concept("LONG_TIME", terms=("hours",)),
            "STUCK": Concept("STUCK", terms=("stuck", "hours")),
            "BACK": Concept("BACK", terms=("back",)),
            "PAIN": Concept("PAIN", terms=("pain",)),
        }
    )
    protocols = [
        entry(1, "stuck", ["STUCK + LONG_TIME   [window=5]"]),
        entry(2, "back-pain", ["BACK + PAIN   [window=5]"]),
    ]
    recogniser = Recogniser(thesaurus, protocols)
    assert banner(recogniser, "took two four hours ago") == []
    assert banner(recogniser, "the pain came back") == []
    assert banner(recogniser, "stuck for hours") == ["stuck"]
    assert banner(recogniser, "pain in my back") == ["back-pain"]


def test_thesaurus_changes_add_remove_and_group_words() -> None:
    protocols = [entry(1, "cardiac", ["CHEST + CHEST_FEELING"])]
    before = Recogniser(THESAURUS, protocols)
    assert banner(before, "ticker is crushing") == []
    added = with_changes(THESAURUS, [Change("add", "CHEST", ("ticker",))])
    assert banner(Recogniser(added, protocols), "ticker is crushing") == ["cardiac"]
    removed = with_changes(added, [Change("remove", "CHEST", ("ticker",))])
    assert banner(Recogniser(removed, protocols), "ticker is crushing") == []
    grouped = with_changes(THESAURUS, [Change("synonyms", None, ("bosom", "chest"))])
    assert banner(Recogniser(grouped, protocols), "bosom is crushing") == ["cardiac"]


def test_literal_words_in_rules_need_no_thesaurus() -> None:
    converted = entry(1, "old", ['"wonky" + "smile"   [window=5]'])
    recogniser = Recogniser(THESAURUS, [converted])
    assert banner(recogniser, "her smile is wonky") == ["old"]
    assert banner(recogniser, "wonky table") == []


def test_protocols_naming_unknown_concepts_are_reported() -> None:
    stray = entry(1, "stray", ["NO_SUCH_CONCEPT + CHEST"])
    assert Recogniser(THESAURUS, [stray]).unknown_concepts() == {"stray": ["NO_SUCH_CONCEPT"]}


@pytest.mark.parametrize(
    ("notation", "message"),
    [
        ("", "empty rule"),
        ("CHEST +", "empty part"),
        ("2 of (A, B) + 1 of (C)", "one 'N of"),
        ("3 of (A, B)", "'at_least' must be from 0 to 2"),
        ("CHEST   [window=0]", "'window' must be from 1"),
        ("CHEST   [urgency=soon]", "unknown urgency"),
        ("CHEST   [colour=red]", "unknown rule option"),
    ],
)
def test_bad_rule_notation_is_refused_with_a_reason(notation: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_rule(notation)


def test_rule_notation_round_trips() -> None:
    for text in [
        "CHEST + CHEST_FEELING | PAIN",
        "FEVER + 1 of (CONFUSED, MOTTLED | BLUE)   [window=12]",
        '"heart attack"   [urgency=emergency_999]',
    ]:
        rule = parse_rule(text)
        assert parse_rule(rule.notation()) == rule
        assert Rule.from_json(rule.to_json()) == rule


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_an_answer_never_an_error(text: str) -> None:
    recogniser = Recogniser(THESAURUS, PROTOCOLS)
    for end in range(0, len(text) + 1, 7):
        result = recogniser.recognise(text[:end], last_partial=True)
        assert all(flag.evidence for flag in result.banner)
