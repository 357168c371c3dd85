"""The loyalty engine: card types, cards, stored value, count and time cards, points — every
balance a cached sum of an append-only ledger, changed only through `loyalty.ledger.post`."""
