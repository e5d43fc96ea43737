"""The actor resolver in running text: compounds, titles, conjunctions, possessives, metonyms,
coreference and dates. Each row: a text with its publication date, and (mention text, code)
pairs that must be among ``doc._.actors`` (extra mentions are fine)."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.nlp.resolve import parse_for_actors

CASES = [
    # compound mentions and dated roles
    (
        "Russian Defense Minister Andrey Belousov visited the front.",
        "2024-06-01",
        [("Russian Defense Minister Andrey Belousov", "RUSGOVMIL")],
    ),
    ("Trump criticized the Federal Reserve.", "2019-06-01", [("Trump", "USAGOV")]),
    ("Trump criticized the Federal Reserve.", "2022-06-01", [("Trump", "USAELI")]),
    (
        "French President Emmanuel Macron met Chancellor Olaf Scholz.",
        "2023-01-10",
        [("French President Emmanuel Macron", "FRAGOV"), ("Chancellor Olaf Scholz", "DEUGOV")],
    ),
    # titles without names
    ("The Chinese leader called for talks.", "2023-01-10", [("Chinese leader", "CHNGOV")]),
    ("The Iranian foreign minister arrived in Oman.", "2023-05-01", [("Iranian foreign minister", "IRNGOV")]),
    # conjunctions
    ("Xi and Putin signed a joint statement.", "2024-05-16", [("Xi", "CHNGOV"), ("Putin", "RUSGOV")]),
    (
        "Senior Hungarian and Romanian officials agreed to cooperate.",
        "2023-01-10",
        [("Romanian officials", "ROUGOV")],
    ),
    (
        "The ambassadors of France and Italy protested.",
        "2023-01-10",
        [("ambassadors of France", "FRAGOV"), ("Italy", "ITAGOV")],
    ),
    # possessives and metonyms
    ("Moscow's troops advanced near Kharkiv.", "2024-05-17", [("Moscow's troops", "RUSMIL")]),
    ("Beijing denies the accusation.", "2024-05-17", [("Beijing", "CHNGOV")]),
    ("The Kremlin rejected the offer.", "2024-05-17", [("Kremlin", "RUSGOV")]),
    (
        "Lebanon's new President Elias Hrawi asked for help.",
        "1990-01-10",
        [("Lebanon's new President Elias Hrawi", "LBNGOV")],
    ),
    ("Syria offered its troops to Lebanon.", "1990-01-10", [("its troops", "SYRMIL")]),
    ("The president of Armenia met Putin.", "2023-01-10", [("president of Armenia", "ARMGOV")]),
    # coreference: pronouns, titles, predecessor
    (
        "Russian President Vladimir Putin met Xi Jinping on Monday. He praised the Chinese leader.",
        "2023-06-01",
        [("He", "RUSGOV"), ("Chinese leader", "CHNGOV")],
    ),
    (
        "Putin met Xi Jinping in Beijing. The Russian president thanked his host.",
        "2024-05-16",
        [("Russian president", "RUSGOV")],
    ),
    (
        "President Joe Biden spoke on Monday. He criticized his predecessor.",
        "2022-06-01",
        [("He", "USAGOV"), ("his predecessor", "USAELI")],
    ),
    (
        "Xi and Putin met in Beijing. The two leaders signed a declaration.",
        "2024-05-16",
        [("leaders", "CHNGOV"), ("leaders", "RUSGOV")],
    ),
    # groups whose status changed
    ("The Taliban seized Kabul.", "2019-01-10", [("The Taliban", "AFGREBTAL")]),
    ("The Taliban banned girls from universities.", "2022-12-21", [("The Taliban", "AFGGOV")]),
    # agents located in a state; ethnic groups; unknown names keep a country guess
    ("Opposition groups in Zimbabwe demanded reforms.", "2001-01-10", [("Opposition groups", "ZWEOPP")]),
    ("Ethnic Albanians in south Serbia are demanding autonomy.", "2001-01-10", [("Albanians", "SRBCVL")]),
    (
        "President Omar El Bashir shortened the curfew imposed in Sudan.",
        "1990-01-10",
        [("President Omar El Bashir", "SDNGOV")],
    ),
    ("Taxi drivers blocked the roads.", "2023-01-10", [("Taxi drivers", "CVL")]),
    # peoples within a state are of that state
    ("Chechen fighters attacked a checkpoint.", "2019-01-10", [("Chechen fighters", "RUSUAF")]),
    ("Uighur activists protested in Istanbul.", "2019-01-10", [("Uighur activists", "CHNOPP")]),
    # a title owned by a named group takes the group's country, not the nearest one
    (
        "Pakistan's army chief met the Afghan Taliban's foreign minister in Islamabad.",
        "2022-01-10",
        [("foreign minister", "AFGGOV")],
    ),
    # an office named with the name is held as the article is written, whatever the table says
    (
        "Russian Foreign Minister Andrei Kozyrev met the Chinese envoy.",
        "2000-01-01",
        [("Russian Foreign Minister Andrei Kozyrev", "RUSGOV")],
    ),
    (
        "Former Russian Foreign Minister Andrei Kozyrev met the Chinese envoy.",
        "2000-01-01",
        [("Russian Foreign Minister Andrei Kozyrev", "RUSELI")],
    ),
    # typographic apostrophes match like straight ones
    (
        "The Kurdistan Workers’ Party attacked a Turkish army post.",
        "2019-01-10",
        [("Kurdistan Workers’ Party", "TURREBPKK")],
    ),
    # the Home Office is the UK's; other interior ministries are home ministries
    ("The Home Office is to suspend cooperation with the US.", "2018-07-27", [("Home Office", "GBRGOV")]),
    ("Kenya's home ministry banned the protest.", "2018-07-27", [("Kenya's home ministry", "KENGOVCOP")]),
]


@pytest.mark.parametrize(("text", "on", "expected"), CASES)
def test_actors_in_context(nlp, text: str, on: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, text, date.fromisoformat(on))
    found = {(m.actor.text, m.actor.code) for m in doc._.actors} | {
        (m.actor.text, a.code) for m in doc._.actors for a in m.members
    }
    missing = [pair for pair in expected if pair not in found]
    assert not missing, f"missing {missing}; found {sorted(found)}"


# Actors resolved from beyond their own phrase, in articles dated 2024-05-17: text -> {mention: codes}.
# "it"/"its" stand for the body that speaks or acts; a plural reference keeps both members of a pair;
# generic actors take the country of the leader they follow, of a place or of the article.
IN_CONTEXT = [
    ("NATO said it would send more troops.", {"it": {"IGOWSTNAT"}}),
    ("China warned that it would respond to any provocation.", {"it": {"CHN"}}),
    (
        "Russia said it took the village. It also said its troops advanced.",
        {"It": {"RUS"}, "its troops": {"RUSMIL"}},
    ),
    ("Hamas said its fighters attacked the convoy.", {"its fighters": {"PSEREBHMS"}}),
    (
        "The Russian defence ministry said its air defences shot down drones.",
        {"its air defences": {"RUSMIL"}},
    ),
    (
        "Ethiopia and Eritrea signed a deal. The two countries reopened the border.",
        {"The two countries": {"ETH", "ERI"}},
    ),
    ("Israel and Hamas traded fire. Both sides accused each other.", {"Both sides": {"ISR", "PSEREBHMS"}}),
    ("Biden met Xi in California. The two leaders discussed trade.", {"leaders": {"USAGOV", "CHNGOV"}}),
    (
        "Biden met Xi in California. The two countries will resume talks.",
        {"The two countries": {"USA", "CHN"}},
    ),
    (
        "Russian forces attacked Ukrainian positions. Both sides reported losses.",
        {"Both sides": {"RUSMIL", "UKR"}},
    ),
    ("Supporters of Raila Odinga clashed with police.", {"Supporters of Raila Odinga": {"KENOPP"}}),
    ("Odinga supporters blocked the road.", {"Odinga supporters": {"KENOPP"}}),
    (
        "Supporters of former President Ahmed Ben Bella marched in Algiers.",
        {"Supporters of former President Ahmed Ben Bella": {"DZAOPP"}},
    ),
    (
        "Protesters gathered in Nairobi. Police fired tear gas. Students joined later.",
        {"Students": {"KENEDU"}},
    ),
    ("Police in Kenya arrested activists. Later, workers went on strike.", {"workers": {"KENLAB"}}),
    ("Students throughout Indonesia demanded reforms.", {"Students": {"IDNEDU"}}),
]


@pytest.mark.parametrize(("text", "expected"), IN_CONTEXT)
def test_actors_resolved_from_context(nlp, text: str, expected: dict[str, set[str]]) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, text, date(2024, 5, 17))
    found = {m.actor.text: {a.code for a in m.members} or {m.actor.code} for m in doc._.actors}
    assert {k: found.get(k) for k in expected} == expected, found


def test_unknown_named_actor_is_kept_with_text(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, "Zorblat Industries sued the Kenyan government.", date(2023, 1, 1))
    texts = {m.actor.text: m.actor for m in doc._.actors}
    assert "Zorblat Industries" in texts and texts["Zorblat Industries"].name == "Zorblat Industries"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a short form defined in parentheses names the body before it, not a person with that alias
        ("Montenegro Municipality Association (AKK) officials demanded support.", "DEU"),
        # an unknown name is what its head says, not what its complement mentions
        ("Police jailed 52 members of the Movement for the Sovereign State of Biafra.", "GOV"),
    ],
)
def test_words_inside_names_do_not_make_actors(nlp, text: str, absent: str) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, text, date(2005, 1, 1))
    codes = [m.actor.code for m in doc._.actors]
    assert all(not code.startswith(absent) for code in codes), codes


@pytest.mark.parametrize(
    ("text", "words", "country"),
    [
        (
            "Russia attacked the Syrian province of Idlib as foreign ministers met in Brussels.",
            "foreign ministers",
            None,
        ),
        ("Russia shelled Syrian towns when western leaders gathered to discuss Syria.", "leaders", None),
        (
            "Kenyan police arrested the protesters; the foreign minister condemned the violence.",
            "foreign minister",
            "KEN",
        ),
        ("The Kurdish fighters the United States had backed seized the town.", "Kurdish fighters", None),
        ("The Turkish president threatened Kurdish forces in northern Syria.", "Kurdish forces", "SYR"),
    ],
)
def test_actors_of_many_nations_borrow_no_country(nlp, text: str, words: str, country: str | None) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, text, date(2019, 3, 14))
    found = [m.actor for m in doc._.actors if m.actor.text == words]
    assert found and all(a.country == country for a in found), found


def test_a_bare_surname_is_the_person_named_in_full_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The home secretary, Sajid Javid, came under fire on Friday. But Javid insisted he was right."
    doc = parse_for_actors(nlp, text, date(2019, 3, 9))
    javid = [m.actor for m in doc._.actors if m.actor.text == "Javid"]
    assert javid and all(a.code.startswith("GBRGOV") for a in javid), javid


def test_a_news_outlet_lends_no_country(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Baghdad has asked for a $10bn fee up front, then $1bn per annum to receive the detainees, "
        "senior western officials have told the Guardian."
    )
    doc = parse_for_actors(nlp, text, date(2019, 4, 10))
    detainees = [m.actor for m in doc._.actors if m.actor.text == "detainees"]
    assert detainees and all(a.country != "GBR" for a in detainees), detainees


def test_lower_case_us_is_not_the_united_states(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, "He told us the truth.", date(2023, 1, 1))
    assert all(m.actor.country != "USA" for m in doc._.actors)


def test_user_dictionary_overrides_codes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dyad.nlp.resolve import actor_pipeline

    actors = tmp_path / "mine.actors.txt"
    actors.write_text(
        "GONDOR [GON]\n+MINAS_TIRITH\nEGYPT [UAR]\nSAM_GAMGEE [HOB]\n\t[HOBGOV 20121109-20130119]\n",
        encoding="utf-8",
    )
    agents = tmp_path / "mine.agents.txt"
    agents.write_text("SOLDIER [~MIL]\nMSF {} [NGO~]\n", encoding="utf-8")
    nlp = actor_pipeline([str(actors)], [str(agents)])
    doc = parse_for_actors(nlp, "Minas Tirith soldiers met Egypt and Sam Gamgee.", date(2012, 12, 1))
    codes = {m.actor.text: m.actor.code for m in doc._.actors}
    assert codes == {"Minas Tirith soldiers": "GONMIL", "Egypt": "UAR", "Sam Gamgee": "HOBGOV"}


@pytest.mark.parametrize(
    ("text", "on", "name"),
    [
        ("The Russian president warned the West.", "2024-06-01", "Vladimir Putin"),
        ("The German chancellor arrived.", "2019-06-01", "Angela Merkel"),
        ("The German chancellor arrived.", "2023-06-01", "Olaf Scholz"),
        ("The former Russian president warned the West.", "2024-06-01", None),  # not the current holder
    ],
)
def test_title_names_the_office_holder_on_the_date(nlp, text: str, on: str, name: str | None) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, text, date.fromisoformat(on))
    assert doc._.actors and doc._.actors[0].actor.name == name


def test_sponsor_is_not_the_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, "Russian-backed separatists shelled the town.", date(2015, 10, 1))
    assert all(m.actor.country != "RUS" for m in doc._.actors)


@pytest.mark.parametrize(
    "text",
    [
        "Russia said on Monday that it is expected that talks will resume.",
        "NATO met on Monday. It was reported that Russia fired missiles.",
        "China held talks. It remains unclear whether a deal is near.",
        "The ministry said it is too early to judge.",
        "Putin said it would take years to rebuild.",  # a person speaks: "it" is not Putin
    ],
)
def test_expletive_it_is_no_actor(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, text, date(2024, 5, 17))
    assert not [m for m in doc._.actors if m.actor.text.lower() == "it"], [
        (m.actor.text, m.actor.code) for m in doc._.actors
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Students marched on parliament.",  # no country anywhere
        "Russia and Ukraine exchanged prisoners. Turkey mediated. Students protested.",  # no dominant one
    ],
)
def test_generic_actor_without_a_dominant_country_keeps_none(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, text, date(2024, 5, 17))
    students = next(m.actor for m in doc._.actors if m.actor.text == "Students")
    assert students.code == "EDU" and students.country is None


def test_followers_of_a_state_are_left_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, "Supporters of Russia rallied in Donetsk.", date(2024, 5, 17))
    assert all(not m.actor.text.startswith("Supporters") for m in doc._.actors)


def test_official_of_an_international_body_speaks_for_it(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(
        nlp, "Jan Egeland, the United Nations relief coordinator, appealed for calm.", date(2024, 5, 17)
    )
    pereira = next(m.actor for m in doc._.actors if m.actor.text.startswith("Jan"))
    assert pereira.country == "IGO", pereira


def test_regression_its_after_an_order_is_the_one_ordered(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, "Canada told Peru to close its embassy in Ottawa.", date(2024, 5, 17))
    embassy = next(m.actor for m in doc._.actors if "embassy" in m.actor.text)
    assert embassy.country == "PER", embassy


@pytest.mark.parametrize(
    ("text", "words", "country"),
    [
        ("The pro-Iranian Hezbollah militia rejected the truce.", "Hezbollah", "LBN"),  # a side taken
        ("The Hungarians of northern Serbia demanded more schools.", "Hungarians", "SRB"),  # residents
        ("President Mbeki Tshaba conceded to demands from UNITA on Friday.", "Tshaba", "AGO"),
    ],
)
def test_country_of_an_actor_from_its_context(nlp, text: str, words: str, country: str) -> None:  # type: ignore[no-untyped-def]
    doc = parse_for_actors(nlp, text, None)
    actor = next(m.actor for m in doc._.actors if words in m.actor.text)
    assert actor.country == country, actor


def test_compiled_name_tokens_match_as_fresh_tokenization(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The matcher built from compiled/name_tokens.json finds what one built by tokenizing finds."""
    from dyad.knowledge import name_tokens
    from dyad.nlp.actors import ActorResolver

    model, compiled = name_tokens.load()
    assert model == name_tokens.model_id(nlp.meta) and len(compiled) > 10_000
    texts = [
        "U.S. officials and the U.S. met Russia's Lavrov.",
        "The People’s Liberation Army and the People's Republic of China drilled near Taiwan.",
        "The Kremlin said NATO troops and Hamas fighters were seen near the E.U. border.",
    ]
    resolver = nlp.get_pipe("dyad_actors")
    shipped = [sorted(resolver.matcher(nlp.make_doc(text))) for text in texts]
    monkeypatch.setattr(name_tokens, "load", lambda: ("", {}))
    fresh = ActorResolver(nlp, name="fresh", kb=resolver.kb)
    assert all(found for found in shipped)
    assert shipped == [sorted(fresh.matcher(nlp.make_doc(text))) for text in texts]



def test_user_names_are_outside_the_compiled_tokens() -> None:
    """So test_user_dictionary_overrides_codes matches names the resolver tokenized itself."""
    from dyad.knowledge import name_tokens

    compiled = name_tokens.load()[1]
    assert "Tirith" not in " ".join(compiled) and "Sam Gamgee" not in compiled
