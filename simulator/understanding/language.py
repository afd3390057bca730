"""Which language a turn is in, when it is not one the reader reads (issue 12).

The reader reads English only. A turn in another language must not be
guessed at (a Spanish reassurance was once read as an insult and the person
reacted to it): it is returned as ``other``, flagged as not understood, with
a guess at the language so the trainee can be told "not understood — Spanish?".

A small offline detector is enough for that: the script (Cyrillic, Greek,
Arabic, CJK...), letters only one language writes (Vietnamese ``ư ơ đ`` and
its stacked tones, Polish ``ł ą ę``), and the short function words every
sentence of a language is full of. English function words count against a
guess, so an English sentence with a borrowed word ("señor", "gracias, mate")
is still read as English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NAMES: dict[str, str] = {
    "es": "Spanish", "pt": "Portuguese", "fr": "French", "de": "German", "it": "Italian", "pl": "Polish", "tl": "Tagalog",
    "vi": "Vietnamese", "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
    "el": "Greek", "hi": "Hindi", "he": "Hebrew", "th": "Thai", "so": "Somali", "ht": "Haitian Creole",
}
READ: tuple[str, ...] = ("en",)  # the languages the reader reads today

# Function words and everyday words of each language, accents stripped; none is also a common English word.
_WORDS: dict[str, str] = {
    "es": "tambien nosotros favor ayuda baja deja suelta cuchillo calmese calmate mire oiga necesito podemos llamo estamos pasa cuidado vida familia casa hijo hija esposa amigo miedo seguro segura siento lo siento entiendo quien cual cuando ahi alla eso esto ese esta ser fue hace tiene quiere puede debe vengo ven venga sientese dejame digame escucha escuche "
          "que el los las del y una esta estas estoy por para con te tu su mi muy como donde nadie aqui ayudar ayudarte puedes "
          "quieres hablar hermana hermano calma tranquilo tranquila senor senora usted ustedes vamos bien hacer dano llamas decir "
          "llame preocupes todo pero porque hay soy eres hola gracias tienes tengo necesitas quiero nada mas ahora dime algo "
          "estar tus sus nos le les lo ella el ellos agua sientate policia oficial vas voy va han has fue",
    "pt": "tambem nos favor ajuda solta faca calma olha escuta preciso podemos ligo estamos cuidado vida familia casa filho filha esposa amigo medo seguro entendo quem qual quando ai isso esse essa ser foi faz tem quer deve venha senta deixa fala voce nao eu ninguem vai machucar quero conversar pode dizer seu sua nome estou aqui ajudar tudo bem calma com uma "
          "um que da dos das em muito obrigado obrigada senhor senhora tem esta voces agora nada mais isso isto onde como "
          "precisa quer falar te sentar agua irma irmao",
    "fr": "aussi aide lache couteau regardez ecoutez besoin pouvons appelle sommes vie famille maison fils fille femme ami peur comprends quand cela ceci etre fait veut doit venez asseyez-vous laissez parlez restez je vous nous est suis pas ne le la les des du une et pour aider etes que qui ce se passe pouvez dire voulez asseoir "
          "monsieur madame ca oui tres avec votre vos mon ma bien il elle c'est est-ce qu'est-ce parler tout rien ici peux veux "
          "avez sommes suis au aux sur dans calmez inquietez personne eau soeur frere",
    "de": "auch hilfe lassen messer schauen horen brauche konnen rufe vorsicht leben familie haus sohn tochter freund verstehe wann sein macht muss kommen bleiben sprechen lass ich sie ihnen nur helfen ganz ruhig konnen mir sagen ist mochten wasser etwas und der das nicht ein eine bitte hier "
          "wir du dich dir mit auf wie es geht haben sind bin kein keine alles gut jetzt passiert herr frau sich ihr ihre "
          "wollen kann niemand tut keine angst schwester bruder setzen mal",
    "it": "anche aiuto lascia coltello guardi ascolti bisogno possiamo chiamo attenzione vita famiglia casa figlio figlia moglie amico paura capisco quando questo essere fatto deve venga resti parli stia tranquillo tranquilla nessuno le fara mi puo dire cosa e successo vuole sedersi qui con sono per aiutarla aiutarti "
          "non che il lo gli una della del signore signora va bene tutto sta ciao grazie parlare voglio posso puoi sei siamo "
          "acqua sorella fratello niente adesso calma si preoccupi",
    "pl": "spokojnie nikt cie nie skrzywdzi chce tylko porozmawiac czy mozesz mi powiedziec co sie stalo chcesz usiasc na chwile "
          "jestem tutaj pomoc pani prosze dobrze jak ty mnie jest wszystko tak ale pomoge siostra brat wody nic teraz "
          "martw prosze zrobic jestes",
    "tl": "huwag kang mag-alala nandito ako para tumulong sa iyo ano ang pangalan mo gusto bang umupo muna ka ba ikaw ng mga po "
          "opo salamat tulungan kita dito naman hindi siya kami tayo kumusta akin ikaw tubig kapatid wala lang",
    "vi": "anh co sao khong toi o day de giup chi muon uong nuoc em ong ba la cua va duoc cho nay gi minh xin loi "
          "dung lo ngoi chuyen noi biet",
    "ru": "pozhaluysta skazhite kak vas zovut ya vy zdes chtoby pomoch vam chto eto spokoyno uspokoytes khorosho menya "
          "tebya ty mne vse budet ne bespokoytes sadites vody",
}
WORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _WORDS.items()}
ENGLISH = frozenset(
    "the you i to and is are what your it's i'm okay ok can we me my do have that this here going help please sir not don't "
    "how it of in on for with be was were there they he she them just want need know right now let's let talk tell where "
    "who why when did does will would could should am an at about if so but or no yes yeah hey hi hello anything something "
    "anyone somebody you're we're i'll i've nobody hurt safe stay sit down up out back get put come go gonna wanna ma'am "
    "name okay alright sorry thank thanks water sister brother officer police um uh er erm mm hmm mhm ah oh".split()
)
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("ru", "\u0400-\u04ff"), ("el", "\u0370-\u03ff"), ("ar", "\u0600-\u06ff"), ("he", "\u0590-\u05ff"), ("hi", "\u0900-\u097f"),
    ("th", "\u0e00-\u0e7f"), ("ko", "\uac00-\ud7af"), ("ja", "\u3040-\u30ff"), ("zh", "\u4e00-\u9fff"),
)
_VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_POLISH = re.compile("[łąęśźżń]")
_GERMAN = re.compile("[ßäöü]")
_PORTUGUESE = re.compile("[ãõ]")
_SPANISH = re.compile("[ñ¿¡]")


@dataclass(frozen=True)
class Guess:
    """A language the turn seems to be in, and how sure the detector is."""

    language: str
    confidence: float

    @property
    def name(self) -> str:
        return NAMES.get(self.language, self.language)


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def detect(text: str) -> Guess | None:
    """The language of ``text`` if it is one the reader does not read; None for English (or too little to tell)."""
    lower = text.lower()
    letters = [c for c in lower if c.isalpha()]
    if not letters:
        return None
    for lang, block in _SCRIPTS:
        share = len(re.findall(f"[{block}]", lower)) / len(letters)
        if share >= 0.3:
            return Guess(lang, min(1.0, 0.6 + share / 2))
    tokens = re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", lower)
    if not tokens:
        return None
    english = sum(t in ENGLISH for t in tokens)
    plain = [_plain(t) for t in tokens]
    scores = {lang: sum(t in words for t in plain) for lang, words in WORDS.items()}
    for rx, lang, bonus in ((_VIETNAMESE, "vi", 3), (_POLISH, "pl", 2), (_GERMAN, "de", 1), (_PORTUGUESE, "pt", 2), (_SPANISH, "es", 2)):
        if rx.search(lower):
            scores[lang] += bonus
    lang = max(scores, key=lambda k: scores[k])
    best = scores[lang]
    if best == 0:
        return None
    foreign_share = best / len(tokens)
    if (best >= 2 and best > 2 * english) or (english == 0 and foreign_share >= 0.5):
        return Guess(lang, round(min(0.99, 0.5 + foreign_share / 2), 2))
    return None


def not_understood_message(language: str | None) -> str:
    """What the trainee is told: "not understood — Spanish?" (or just "not understood")."""
    if not language:
        return "not understood"
    return f"not understood — {NAMES.get(language, language)}?"
