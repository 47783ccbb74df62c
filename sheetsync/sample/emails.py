"""French-looking people for the sample: unique emails, and the ways people mistype them."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Written without accents: they are the local part of email addresses.
FIRST_NAMES = _words(
    "adrien alexandre alice amandine anais antoine arnaud audrey aurelie baptiste benoit "
    "camille caroline cedric celine charlotte chloe christophe claire clement coralie damien "
    "david delphine elodie emilie emma eric estelle fabien florence florian francois "
    "frederic gaelle guillaume helene hugo isabelle jeremy jerome julie julien justine karine "
    "kevin laetitia laura laurent lea lucas lucie ludovic manon marc margaux marie marine "
    "mathieu maxime melanie mickael nadia nathalie nicolas noemie olivier pascal pauline "
    "pierre quentin raphael remi romain sabrina samuel sandrine sarah sebastien sophie "
    "stephane sylvain thomas valentin valerie vanessa vincent virginie yann yasmine"
)
LAST_NAMES = _words(
    "martin bernard dubois thomas robert richard petit durand leroy moreau simon laurent "
    "lefebvre michel garcia david bertrand roux vincent fournier morel girard andre lefevre "
    "mercier dupont lambert bonnet francois martinez legrand garnier faure rousseau blanc "
    "guerin muller henry roussel nicolas perrin morin mathieu clement gauthier dumont lopez "
    "fontaine chevalier robin masson sanchez gerard nguyen boyer denis lemaire duval joly "
    "gautier roger roche roy noel meyer lucas meunier jean perez marchand dufour blanchard "
    "marie barbier brun dumas brunet schmitt leroux colin fernandez pierre renard arnaud "
    "rolland caron aubert giraud leclerc vidal bourgeois renaud lemoine picard gaillard "
    "philippe leclercq lacroix fabre dupuis olivier rodriguez da-silva hubert louis charles "
    "benali haddad belkacem mendes ferreira"
)
DOMAINS = np.array(
    [
        "gmail.com",
        "hotmail.fr",
        "yahoo.fr",
        "orange.fr",
        "outlook.fr",
        "free.fr",
        "laposte.net",
        "icloud.com",
        "sfr.fr",
        "wanadoo.fr",
        "hotmail.com",
        "protonmail.com",
    ]
)
DOMAIN_WEIGHTS = np.array([46, 11, 7, 7, 6, 6, 4, 4, 3, 3, 2, 1], dtype=float)


def unique_emails(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` distinct lower-case emails such as `marie.martin@gmail.com` or `jdupont84@free.fr`."""
    first = np.array(FIRST_NAMES)[rng.integers(0, len(FIRST_NAMES), n)]
    last = np.array(LAST_NAMES)[rng.integers(0, len(LAST_NAMES), n)]
    initial = np.strings.slice(first, 0, 1)
    digits = rng.integers(10, 100, n).astype(str)
    patterns = [
        np.strings.add(np.strings.add(first, "."), last),  # marie.martin
        np.strings.add(first, last),  # mariemartin
        np.strings.add(initial, last),  # mmartin
        np.strings.add(np.strings.add(first, "."), np.strings.add(last, digits)),  # marie.martin84
        np.strings.add(np.strings.add(first, "_"), last),  # marie_martin
        np.strings.add(np.strings.add(last, "."), first),  # martin.marie
        np.strings.add(first, digits),  # marie84
    ]
    which = rng.choice(len(patterns), n, p=[0.42, 0.14, 0.1, 0.14, 0.06, 0.08, 0.06])
    local = np.choose(which, patterns)
    domain = DOMAINS[rng.choice(len(DOMAINS), n, p=DOMAIN_WEIGHTS / DOMAIN_WEIGHTS.sum())]
    emails = np.strings.add(np.strings.add(local, "@"), domain).astype(object)
    # Namesakes at the same provider: append digits, as the provider would have forced them to.
    while True:
        dup = pd.Series(emails).duplicated().to_numpy()
        if not dup.any():
            return emails
        parts = np.char.partition(emails[dup].astype(str), "@")
        suffix = rng.integers(1, 1000, int(dup.sum())).astype(str)
        emails[dup] = np.strings.add(
            np.strings.add(np.strings.add(parts[:, 0], suffix), "@"), parts[:, 2]
        ).astype(object)


def mistype(rng: np.random.Generator, emails: np.ndarray) -> np.ndarray:
    """The same addresses as people retype them: capitalised, upper case, stray spaces."""
    text = emails.astype(str)
    variants = [
        np.strings.capitalize(text),  # a phone keyboard's first capital
        np.strings.add(text, " "),
        np.strings.title(text),
        np.strings.add(" ", np.strings.capitalize(text)),
        np.strings.upper(text),
    ]
    which = rng.choice(len(variants), len(text), p=[0.4, 0.25, 0.15, 0.1, 0.1])
    return np.choose(which, variants).astype(object)
