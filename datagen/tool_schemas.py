"""A catalogue of realistic tool definitions (OpenAI function format) for generated data:
nested objects, arrays of objects, enums, optional fields, nullable fields, ``$defs`` and a
Draft 7 ``definitions``, numbers with bounds, string lengths, a function without parameters.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ["ar", "bg", "cs", "de", "el", "en", "es", "fa", "fr", "he", "hi", "it", "ja",
             "ka", "ko", "nl", "pl", "pt", "ru", "sv", "th", "tr", "uk", "vi", "zh"]


def _function(name: str, description: str, parameters: dict[str, Any] | None
              ) -> dict[str, Any]:
    function: dict[str, Any] = {"name": name, "description": description}
    if parameters is not None:
        function["parameters"] = parameters
    return {"type": "function", "function": function}


def _object(properties: dict[str, Any], required: list[str], closed: bool = True,
            **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": properties, "required": required,
                           **extra}
    if closed:
        out["additionalProperties"] = False
    return out


WEATHER = _function("get_weather", "Current weather and a short forecast for a place.", _object({
    "location": {"type": "string", "description": "City and country", "minLength": 2},
    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    "days": {"type": "integer", "minimum": 1, "maximum": 14},
}, ["location"]))

FLIGHTS = _function("search_flights", "Search flights between two airports.", _object({
    "origin": {"$ref": "#/$defs/airport"},
    "destination": {"$ref": "#/$defs/airport"},
    "date": {"type": "string", "format": "date"},
    "passengers": _object({"adults": {"type": "integer", "minimum": 1, "maximum": 9},
                           "children": {"type": "integer", "minimum": 0, "maximum": 9}},
                          ["adults"]),
    "cabin": {"type": "string", "enum": ["economy", "premium", "business", "first"]},
    "flexible": {"type": "boolean"},
}, ["origin", "destination", "date"]) | {"$defs": {"airport": {
    "type": "string", "minLength": 3, "maxLength": 3, "pattern": "^[A-Z]{3}$"}}})

EVENT = _function("create_calendar_event", "Add an event to the user's calendar.", _object({
    "title": {"type": "string", "maxLength": 120},
    "start": {"type": "string", "format": "date-time"},
    "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 480},
    "attendees": {"type": "array", "maxItems": 5, "items": _object({
        "email": {"type": "string", "format": "email"},
        "name": {"type": "string"},
        "optional": {"type": "boolean"}}, ["email"])},
    "reminders": {"type": "array", "items": {"type": "integer", "minimum": 0}, "maxItems": 3},
    "location": {"type": ["string", "null"]},
}, ["title", "start"]))

TICKET = _function("update_ticket", "Change the status, priority or tags of a support ticket.",
                   _object({
    "ticket_id": {"type": "integer", "minimum": 1},
    "status": {"type": "string", "enum": ["open", "pending", "solved", "closed"]},
    "priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]},
    "tags": {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True,
             "maxItems": 4},
    "comment": _object({"body": {"type": "string"}, "public": {"type": "boolean"}}, ["body"]),
}, ["ticket_id"]))

TRANSLATE = _function("translate_text", "Translate a text into another language.", _object({
    "text": {"type": "string", "minLength": 1},
    "source_language": {"type": "string", "enum": LANGUAGES},
    "target_language": {"type": "string", "enum": LANGUAGES},
    "formality": {"type": "string", "enum": ["default", "more", "less"]},
}, ["text", "target_language"]))

KNOWLEDGE = _function("search_knowledge_base", "Search the help centre's articles.", _object({
    "query": {"type": "string", "minLength": 1, "maxLength": 300},
    "filters": _object({
        "category": {"type": "string", "enum": ["billing", "shipping", "accounts", "devices"]},
        "updated_after": {"type": "string", "format": "date"},
        "languages": {"type": "array", "items": {"type": "string", "enum": LANGUAGES},
                      "minItems": 1, "maxItems": 3, "uniqueItems": True}}, []),
    "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
}, ["query"]))

ORDER = _function("place_order", "Place an order for one or more products.", {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "definitions": {
        "line_item": _object({"sku": {"type": "string", "minLength": 4, "maxLength": 12},
                              "quantity": {"type": "integer", "minimum": 1, "maximum": 20},
                              "options": {"type": "object",
                                          "additionalProperties": {"type": "string"}}},
                             ["sku", "quantity"]),
        "address": _object({"name": {"type": "string"}, "street": {"type": "string"},
                            "city": {"type": "string"}, "postcode": {"type": "string"},
                            "country": {"type": "string", "minLength": 2, "maxLength": 2}},
                           ["name", "street", "city", "country"]),
    },
    "properties": {
        "items": {"type": "array", "minItems": 1, "maxItems": 4,
                  "items": {"$ref": "#/definitions/line_item"}},
        "shipping": {"$ref": "#/definitions/address"},
        "gift_message": {"type": "string", "maxLength": 200},
    },
    "required": ["items", "shipping"],
    "additionalProperties": False,
})

EMAIL = _function("send_email", "Send an email on the user's behalf.", _object({
    "to": {"type": "array", "items": {"type": "string", "format": "email"}, "minItems": 1,
           "maxItems": 3},
    "subject": {"type": "string", "maxLength": 150},
    "body": {"type": "string"},
    "importance": {"type": "string", "enum": ["low", "normal", "high"]},
    "attachments": {"type": "array", "items": _object({
        "filename": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
        ["filename", "url"])},
}, ["to", "subject", "body"]))

EXCHANGE = _function("get_exchange_rate", "The exchange rate between two currencies.", _object({
    "base": {"type": "string", "enum": ["EUR", "USD", "GBP", "JPY", "CHF", "INR"]},
    "quote": {"type": "string", "enum": ["EUR", "USD", "GBP", "JPY", "CHF", "INR"]},
    "amount": {"type": "number", "exclusiveMinimum": 0, "maximum": 1000000},
}, ["base", "quote"]))

FEEDBACK = _function("log_feedback", "Record the customer's rating of the conversation.", _object({
    "rating": {"type": "integer", "minimum": 1, "maximum": 5},
    "comment": {"type": "string"},
    "contact": {"oneOf": [_object({"email": {"type": "string", "format": "email"}},
                                  ["email"]), {"type": "null"}]},
}, ["rating"], closed=False))

SERVER_TIME = _function("get_server_time", "The service's current time (no arguments).", None)

OPEN_TICKETS = _function("count_open_tickets", "How many tickets are open right now.",
                         {"type": "object", "properties": {}})

CATALOGUE = [WEATHER, FLIGHTS, EVENT, TICKET, TRANSLATE, KNOWLEDGE, ORDER, EMAIL, EXCHANGE,
             FEEDBACK, SERVER_TIME, OPEN_TICKETS]
