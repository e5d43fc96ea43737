"""Actor data added in session 11 (people, organisations, parliaments, peoples within a state).

Each row is a phrase as news text writes it, the date it appears on and the full actor code the
resolver must give it. A regression here means an entry in data/actors/** was lost or shadowed.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad.nlp.resolve import resolve_phrase

# (phrase, date, expected actor code)
ADDITIONS = [
    # historical office holders (archive news)
    ("Warren Christopher", "1995-01-01", "USAGOV"),
    ("Kozyrev", "1995-01-01", "RUSGOV"),
    ("Madeleine Albright", "1998-05-01", "USAGOV"),
    ("Donald Rumsfeld", "2003-04-01", "USAGOVMIL"),
    ("Douglas Hurd", "1993-01-01", "GBRGOV"),
    ("Hubert Védrine", "1999-01-01", "FRAGOV"),
    ("Yitzhak Shamir", "1990-01-01", "ISRGOV"),
    ("Moshe Katsav", "2003-01-01", "ISRGOV"),
    ("Yasser Arafat", "2000-01-01", "PSEGOV"),
    ("Hafez al-Assad", "1995-01-01", "SYRGOV"),
    ("Ayatollah Khomeini", "1985-01-01", "IRNGOV"),
    ("Turgut Ozal", "1991-01-01", "TURGOV"),
    ("F.W. de Klerk", "1991-01-01", "ZAFGOV"),
    ("Desmond Tutu", "1990-01-01", "ZAFREL"),
    ("Sani Abacha", "1995-01-01", "NGAGOV"),
    ("Charles Taylor", "2000-01-01", "LBRGOV"),
    ("Mobutu", "1990-01-01", "CODGOV"),
    ("Benazir Bhutto", "1994-01-01", "PAKGOV"),
    ("Franjo Tudjman", "1995-01-01", "HRVGOV"),
    ("Zoran Djindjic", "2002-01-01", "SRBGOV"),
    ("Eduard Shevardnadze", "2000-01-01", "GEOGOV"),
    ("Jean-Bertrand Aristide", "2002-01-01", "HTIGOV"),
    ("President Francois Mitterand", "1990-01-01", "FRAGOV"),
    ("President Omar El Bashir", "2010-01-01", "SDNGOV"),
    ("Javier Solana", "2005-01-01", "EURIGO"),
    ("Deng Xiaoping", "1985-01-01", "CHNGOVMIL"),
    ("Fidel Castro", "1990-01-01", "CUBGOV"),
    ("Augusto Pinochet", "1985-01-01", "CHLGOV"),
    ("Lech Walesa", "1992-01-01", "POLGOV"),
    ("Jonas Savimbi", "1990-01-01", "AGOREB"),
    ("Velupillai Prabhakaran", "2000-01-01", "LKAREB"),
    ("Radovan Karadzic", "1994-01-01", "BIHGOV"),
    ("Kurt Waldheim", "1990-01-01", "AUTGOV"),
    ("Gennady Zyuganov", "2020-01-01", "RUSPTY"),
    ("Farouk al-Sharaa", "1995-01-01", "SYRGOV"),
    ("Alejandro Toledo", "2004-01-01", "PERGOV"),
    ("Thaksin Shinawatra", "2005-01-01", "THAGOV"),
    # ministers 2009-2025
    ("Hillary Clinton", "2011-01-01", "USAGOV"),
    ("Robert Gates", "2010-01-01", "USAGOVMIL"),
    ("Leon Panetta", "2012-01-01", "USAGOVMIL"),
    ("Arsen Avakov", "2016-01-01", "UKRGOVCOP"),
    ("Ihor Klymenko", "2024-01-01", "UKRGOVCOP"),
    ("Ahmad Vahidi", "2022-01-01", "IRNGOVCOP"),
    ("Itamar Ben-Gvir", "2023-06-01", "ISRGOVCOP"),
    ("Mohsin Naqvi", "2025-01-01", "PAKGOVCOP"),
    ("Manuel Valls", "2013-01-01", "FRAGOVCOP"),
    ("Hans-Peter Friedrich", "2012-01-01", "DEUGOVCOP"),
    ("Tobias Ellwood", "2017-01-01", "GBRGOV"),
    ("Asim Munir", "2024-01-01", "PAKMIL"),
    # leaders of armed groups, parties and envoys
    ("Hassan Nasrallah", "2020-01-01", "LBNREB"),
    ("Yahya Sinwar", "2024-01-01", "PSEREB"),
    ("Qassem Soleimani", "2019-01-01", "IRNMIL"),
    ("Khalifa Haftar", "2019-01-01", "LBYMIL"),
    ("Hemedti", "2020-06-01", "SDNMIL"),
    ("Hemedti", "2023-06-01", "SDNREB"),
    ("Jeremy Corbyn", "2018-01-01", "GBRPTY"),
    ("De Mistura", "2018-01-01", "IGO"),
    # organisations
    ("Syrian Observatory for Human Rights", "2018-01-01", "GBRNGOHRISOH"),
    ("PYD", "2018-01-01", "SYRPTYPYD"),
    ("Peshmerga", "2018-01-01", "IRQMILPSH"),
    ("Jaish al-Islam", "2018-01-01", "SYRREBJAI"),
    ("RAF", "2018-01-01", "GBRMILRAF"),
    ("Karen guerrilla", "2000-01-01", "MMRREBKNU"),
    ("Khmer Rouge", "1977-01-01", "KHMGOV"),
    ("Khmer Rouge", "1990-01-01", "KHMREBKRG"),
    ("FMLN", "1985-01-01", "SLVREBFMN"),
    ("Sandinistas", "1985-01-01", "NICGOVPTY"),
    ("Free Aceh Movement", "2000-01-01", "IDNREBGAM"),
    ("MASSOB", "2005-01-01", "NGAOPPMSB"),
    ("Rwandan Patriotic Front", "2000-01-01", "RWAPTYRPF"),
    ("Kefaya", "2005-01-01", "EGYOPPKFY"),
    ("Ansar Dine", "2013-01-01", "MLIINSADN"),
    ("ULFA", "2015-01-01", "INDREBULF"),
    ("Sejm", "2020-01-01", "POLLEGSJM"),
    ("Riksdag", "2020-01-01", "SWELEGRDG"),
    ("Tatmadaw", "2021-03-01", "MMRMILTAT"),
    ("Tsai Ing-wen", "2020-01-01", "TWNGOV"),
    ("Carrie Lam", "2019-06-01", "HKGGOV"),
    ("Sirajuddin Haqqani", "2022-06-01", "AFGGOVCOP"),
    ("Herzi Halevi", "2024-01-01", "ISRMIL"),
    ("Kyrylo Budanov", "2023-06-01", "UKRSPY"),
    ("Yevgeny Prigozhin", "2023-06-01", "RUSMIL"),
    ("Abu Bakr Shekau", "2015-06-01", "NGAINS"),
    ("Muqtada al-Sadr", "2022-06-01", "IRQPTYREL"),
    ("Red Shirts", "2010-05-01", "THAOPPUDD"),
    ("Mahdi Army", "2007-01-01", "IRQUAFMAH"),
    # agent words
    ("Yemeni tribesmen", "2018-10-01", "YEMCVL"),
    ("Somali warlords", "2018-10-01", "SOMUAF"),
    # peoples within a state
    ("Flemish", "2000-01-01", "BEL"),
    ("Coptic Christians", "2012-01-01", "EGY"),
    ("Zulu", "2000-01-01", "ZAF"),
    ("Alawite", "2013-01-01", "SYR"),
]


@pytest.fixture(scope="module")
def actor_nlp():  # type: ignore[no-untyped-def]
    from dyad.nlp.resolve import actor_pipeline

    return actor_pipeline()


@pytest.mark.parametrize(("text", "on", "code"), ADDITIONS)
def test_added_actor_resolves(actor_nlp, text: str, on: str, code: str) -> None:  # type: ignore[no-untyped-def]
    actor = resolve_phrase(text, date.fromisoformat(on), nlp=actor_nlp)
    assert actor is not None, f"{text!r} on {on} did not resolve"
    assert actor.code == code, f"{text!r} on {on} -> {actor.code}, expected {code}"
