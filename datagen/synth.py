"""Deterministic synthetic chat datasets: the bundled sample, test fixtures and benchmarks.

Texts are support-desk conversations assembled from templates and a word bank with a seeded
random generator, so every example is distinct and a given seed always gives the same file.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import orjson

PRODUCTS = [
    "router", "invoice", "subscription", "password", "laptop", "printer", "account",
    "refund", "shipment", "license", "dashboard", "backup", "calendar", "headset", "webcam",
    "firmware", "voucher", "warranty", "tablet", "monitor", "keyboard", "charger", "modem",
]
VERBS = [
    "reset", "cancel", "upgrade", "download", "install", "return", "renew", "update",
    "configure", "transfer", "activate", "repair", "replace", "export", "sync", "connect",
]
WORDS = """
again after almost already always another answer anyone around asked away back because
before being below between both broken button called cannot careful change charged checked
clearly closed colour company complete correct could counter daily delayed details device
different doing double during early either email empty error evening every exactly
expected failed family field final finally first flashing following found friday front
getting given green happened heavy helpful hours important instead instructions itself
keeps kitchen later light little longer looked manual message minutes missing monday month
morning moved never night normal nothing number office online order others outside page
paid parcel people phone picture plan please portal previous price problem quickly really
receipt recently red remote screen second seems sent serial settings several should since
slowly small something sometimes soon started still store strange support switch system
team thanks thursday today together tried trying tuesday twice under until usual video
waiting wanted warning website wednesday week weekend without working yesterday
""".split()
NAMES = ["Alice", "Bruno", "Chen", "Dana", "Emeka", "Fatima", "Goran", "Hana", "Ivan", "Jia"]
SYSTEM_PROMPTS = [
    "You are Ava, the support assistant of Northwind Electronics. Answer politely, "
    "briefly and accurately. If you are not sure, say so and offer to escalate.",
    "You are a helpful customer service agent for Contoso Cloud. Keep answers short, "
    "give numbered steps for procedures and never promise refunds you cannot grant.",
]


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def question(rng: random.Random) -> str:
    product, verb = rng.choice(PRODUCTS), rng.choice(VERBS)
    order = rng.randint(10000, 99999)
    templates = [
        f"Hi, how do I {verb} my {product}? {_words(rng, 6, 18)}.",
        f"My {product} stopped working {_words(rng, 4, 12)}. Order #{order}. What can I do?",
        f"Can you help me {verb} the {product} on order {order}? {_words(rng, 5, 15)}.",
        f"I tried to {verb} my {product} but got an error: {_words(rng, 3, 9)}.",
    ]
    return rng.choice(templates)


def answer(rng: random.Random) -> str:
    product, verb = rng.choice(PRODUCTS), rng.choice(VERBS)
    steps = "\n".join(
        f"{i}. {_words(rng, 4, 10).capitalize()}." for i in range(1, rng.randint(2, 5))
    )
    return (
        f"Sorry about the trouble with your {product}. To {verb} it:\n{steps}\n"
        f"{_words(rng, 5, 20).capitalize()}. Let me know if that helps."
    )


def _tool_example(rng: random.Random, messages: list[dict[str, Any]]) -> dict[str, Any]:
    order = str(rng.randint(10000, 99999))
    call_id = f"call_{rng.getrandbits(40):010x}"
    messages += [
        {"role": "user", "content": f"Where is my order {order}? {_words(rng, 3, 10)}."},
        {"role": "assistant", "content": None, "tool_calls": [{
            "id": call_id, "type": "function",
            "function": {"name": "lookup_order", "arguments": orjson.dumps(
                {"order_id": order}).decode()},
        }]},
        {"role": "tool", "tool_call_id": call_id, "content": orjson.dumps(
            {"status": rng.choice(["shipped", "packed", "delayed"]),
             "eta_days": rng.randint(1, 9)}).decode()},
        {"role": "assistant", "content": f"Your order {order} is on its way. {answer(rng)}"},
    ]
    return {
        "messages": messages,
        "tools": [{"type": "function", "function": {
            "name": "lookup_order",
            "description": "Look up the shipping status of an order.",
            "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}},
                           "required": ["order_id"]},
        }}],
    }


def chat_example(rng: random.Random) -> dict[str, Any]:
    """One valid OpenAI chat example; about one in six uses tools, names, weights or images."""
    messages: list[dict[str, Any]] = []
    if rng.random() < 0.7:
        messages.append({"role": rng.choice(["system", "system", "developer"]),
                         "content": rng.choice(SYSTEM_PROMPTS)})
    kind = rng.random()
    if kind < 0.12:
        return _tool_example(rng, messages)
    user: dict[str, Any] = {"role": "user", "content": question(rng)}
    if kind < 0.2:
        user["name"] = rng.choice(NAMES)
    if 0.2 <= kind < 0.26:
        user["content"] = [
            {"type": "text", "text": question(rng) + " Here is a photo."},
            {"type": "image_url", "image_url": {
                "url": f"https://example.com/img/{rng.getrandbits(32):08x}.jpg",
                "detail": "low"}},
        ]
    messages += [user, {"role": "assistant", "content": answer(rng)}]
    if 0.26 <= kind < 0.45:  # a second turn; the first reply sometimes not trained
        messages[-1]["weight"] = rng.choice([0, 1])
        messages += [{"role": "user", "content": f"Thanks. {question(rng)}"},
                     {"role": "assistant", "content": answer(rng), "weight": 1}]
    return {"messages": messages}


def chat_lines(n: int, seed: int = 0) -> Iterator[bytes]:
    """``n`` valid chat examples as JSON lines (without terminators)."""
    rng = random.Random(seed)
    for _ in range(n):
        yield orjson.dumps(chat_example(rng))


def write_chat_file(path: str, n: int, seed: int = 0) -> None:
    with open(path, "wb") as out:  # noqa: PTH123 - plain streaming write of generated data
        for line in chat_lines(n, seed):
            out.write(line + b"\n")


FOREIGN = {
    "de": [("Hallo, ich kann mich seit gestern nicht mehr in mein Konto einloggen. Was soll ich "
            "tun?", "Das tut mir leid. Bitte setzen Sie Ihr Passwort über den Link auf der "
            "Anmeldeseite zurück und versuchen Sie es danach erneut.")],
    "fr": [("Bonjour, ma commande n'est toujours pas arrivée alors qu'elle devait être livrée "
            "lundi. Pouvez-vous vérifier ?", "Je suis désolé pour ce retard. Votre colis est "
            "en transit et devrait arriver d'ici deux jours ouvrables.")],
    "es": [("Hola, quiero cancelar mi suscripción mensual porque ya no uso el servicio. ¿Cómo "
            "lo hago?", "Claro. Entre en su cuenta, abra Suscripciones y pulse Cancelar; no se "
            "le cobrará el próximo mes.")],
}


def foreign_example(lang: str, index: int = 0) -> dict[str, Any]:
    question_text, answer_text = FOREIGN[lang][index % len(FOREIGN[lang])]
    return {"messages": [{"role": "user", "content": question_text},
                         {"role": "assistant", "content": answer_text}]}


def near_variant(example: dict[str, Any], rng: random.Random, edits: int = 1) -> dict[str, Any]:
    """A copy of ``example`` with ``edits`` words of its last reply replaced."""
    copy: dict[str, Any] = orjson.loads(orjson.dumps(example))
    reply = copy["messages"][-1]
    words = reply["content"].split(" ")
    for _ in range(edits):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    reply["content"] = " ".join(words)
    return copy
