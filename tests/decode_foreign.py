#!/usr/bin/env python3
"""An independent decoder for the encrypted files fob writes, from the formats' public descriptions
(Aegis docs/decrypt.py layout; 2FAS servicesEncrypted = b64(ct+tag):b64(salt):b64(iv), PBKDF2-HMAC-SHA256
10,000 rounds). Uses Python's `cryptography` package, not fob.

Usage: decode_foreign.py aegis|2fas FILE PASSWORD
Prints a JSON list of {"issuer", "account", "secret", "type", "algorithm", "digits", "period"|"counter"}.
Exit status 3 when `cryptography` is missing, so the Rust test can skip.
"""
import base64
import json
import sys

try:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
except ImportError:
    sys.exit(3)


def aegis(doc, password):
    header = doc["header"]
    master = None
    for slot in header["slots"]:
        if slot["type"] != 1:
            continue
        kdf = Scrypt(salt=bytes.fromhex(slot["salt"]), length=32, n=slot["n"], r=slot["r"], p=slot["p"])
        key = kdf.derive(password)
        params = slot["key_params"]
        try:
            master = AESGCM(key).decrypt(
                bytes.fromhex(params["nonce"]), bytes.fromhex(slot["key"]) + bytes.fromhex(params["tag"]), None
            )
            break
        except Exception:
            continue
    if master is None:
        sys.exit("no slot opens with this password")
    params = header["params"]
    plain = AESGCM(master).decrypt(
        bytes.fromhex(params["nonce"]), base64.b64decode(doc["db"]) + bytes.fromhex(params["tag"]), None
    )
    db = json.loads(plain)
    out = []
    for e in db["entries"]:
        info = e["info"]
        item = {
            "issuer": e["issuer"], "account": e["name"], "secret": info["secret"], "type": e["type"],
            "algorithm": info["algo"], "digits": info["digits"],
        }
        if e["type"] == "hotp":
            item["counter"] = info["counter"]
        else:
            item["period"] = info["period"]
        out.append(item)
    return out


def twofas(doc, password):
    def split(blob):
        ct, salt, iv = (base64.b64decode(p) for p in blob.split(":"))
        return ct, salt, iv

    ct, salt, iv = split(doc["servicesEncrypted"])
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=10000)
    key = kdf.derive(password)
    r_ct, _, r_iv = split(doc["reference"])
    AESGCM(key).decrypt(r_iv, r_ct, None)  # raises on a wrong password
    services = json.loads(AESGCM(key).decrypt(iv, ct, None))
    out = []
    for s in services:
        otp = s["otp"]
        item = {
            "issuer": otp["issuer"], "account": otp["account"], "secret": s["secret"],
            "type": otp["tokenType"].lower(), "algorithm": otp["algorithm"], "digits": otp["digits"],
        }
        if item["type"] == "hotp":
            item["counter"] = otp["counter"]
        else:
            item["period"] = otp["period"]
        out.append(item)
    return out


def main():
    kind, path, password = sys.argv[1], sys.argv[2], sys.argv[3].encode()
    with open(path, "rb") as f:
        doc = json.load(f)
    entries = aegis(doc, password) if kind == "aegis" else twofas(doc, password)
    json.dump(entries, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
