#!/usr/bin/env python3
"""Reads certificate headers the way a backend would, written from the specifications alone
(stdlib only, nothing shared with certgate): RFC 8941 Byte Sequences and Lists (RFC 9440's
Client-Cert and Client-Cert-Chain), Envoy's X-Forwarded-Client-Cert as its documentation
describes it, and URL-encoded PEM (X-Client-Cert, X-Client-Cert-Chain, XFCC's Cert and Chain).

Arguments: NAME VALUE pairs, one per header line as the backend received it (a name may repeat).
Output: one "KEY<TAB>VALUE" line per finding; certificates are written as hex DER.
Exits non-zero, naming the problem, on anything that does not parse."""

import base64
import re
import sys
import urllib.parse

BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(2)


def skip_sp(text, i):
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def skip_ows(text, i):
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def byte_sequence(text, i):
    """RFC 8941 §4.2.7: ':' base64 ':'; returns (bytes, index after)."""
    if i >= len(text) or text[i] != ":":
        fail("expected ':' starting a byte sequence at %d of %r" % (i, text[:80]))
    end = text.find(":", i + 1)
    if end < 0:
        fail("byte sequence without its closing ':'")
    body = text[i + 1:end]
    if not BASE64.fullmatch(body):
        fail("byte sequence holds a character outside base64: %r" % body[:80])
    return base64.b64decode(body, validate=True), end + 1


def sf_item(value):
    """RFC 8941 §4.2: a field that is one Item, here a Byte Sequence."""
    i = skip_sp(value, 0)
    der, i = byte_sequence(value, i)
    if skip_sp(value, i) != len(value):
        fail("more after the byte sequence: %r" % value[i:i + 40])
    return der


def sf_list(value):
    """RFC 8941 §4.2.1: members separated by ',' with optional whitespace; members here are Byte Sequences."""
    members = []
    i = skip_sp(value, 0)
    while i < len(value):
        der, i = byte_sequence(value, i)
        members.append(der)
        i = skip_ows(value, i)
        if i == len(value):
            return members
        if value[i] != ",":
            fail("expected ',' between list members, got %r" % value[i])
        i = skip_ows(value, i + 1)
        if i == len(value):
            fail("a list may not end with ','")
    return members


def pem_certificates(text):
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----\n(.*?)\n-----END CERTIFICATE-----\n?", text, re.S)
    if not blocks or re.sub(r"-----BEGIN CERTIFICATE-----\n.*?\n-----END CERTIFICATE-----\n?", "", text, flags=re.S):
        fail("not a sequence of PEM certificates: %r" % text[:80])
    return [base64.b64decode(b.replace("\n", ""), validate=True) for b in blocks]


def url_pem(value):
    if "\n" in value or "\r" in value or " " in value:
        fail("URL-encoded PEM holds a raw line break or space")
    return pem_certificates(urllib.parse.unquote(value))


def xfcc(value):
    """Envoy: elements separated by ',', key=value pairs by ';'; a value with , ; = is double-quoted,
    a double quote inside it written as backslash-double-quote (read here as a quoted-pair: a
    backslash takes the next character literally)."""
    elements, element = [], []
    key, val, in_value, quoted = [], [], False, False
    i = 0
    while i <= len(value):
        c = value[i] if i < len(value) else None
        if quoted:
            if c is None:
                fail("unterminated quoted value")
            if c == "\\":
                i += 1
                if i >= len(value):
                    fail("backslash at the end of a quoted value")
                val.append(value[i])
            elif c == '"':
                quoted = False
            else:
                val.append(c)
        elif c is None or c in ";,":
            if not in_value:
                fail("a pair without '=' before %r" % (c,))
            element.append(("".join(key), "".join(val)))
            key, val, in_value = [], [], False
            if c != ";":
                elements.append(element)
                element = []
        elif not in_value:
            if c == "=":
                in_value = True
            else:
                key.append(c)
        elif c == '"' and not val:
            quoted = True
        elif c == '"':
            fail("a quote inside an unquoted value")
        else:
            val.append(c)
        i += 1
    return elements


def main(argv):
    if len(argv) % 2:
        fail("expected NAME VALUE pairs")
    out = []
    for n in range(0, len(argv), 2):
        name, value = argv[n].lower(), argv[n + 1]
        if name == "client-cert":
            out.append(("client-cert", sf_item(value).hex()))
        elif name == "client-cert-chain":
            out.extend(("client-cert-chain", der.hex()) for der in sf_list(value))
        elif name in ("x-client-cert", "x-client-cert-chain"):
            out.extend((name, der.hex()) for der in url_pem(value))
        elif name == "x-forwarded-client-cert":
            for index, element in enumerate(xfcc(value)):
                for key, text in element:
                    key = key.lower()  # Envoy: keys are case-insensitive
                    if key in ("cert", "chain"):
                        out.extend(("xfcc.%d.%s" % (index, key), der.hex()) for der in url_pem(text))
                    else:
                        out.append(("xfcc.%d.%s" % (index, key), text))
        else:
            fail("not a certificate header: " + name)
    for key, text in out:
        if "\n" in text or "\t" in text:
            fail("a value with a line break or tab")
        print(key + "\t" + text)


if __name__ == "__main__":
    main(sys.argv[1:])
