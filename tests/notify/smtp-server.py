#!/usr/bin/env python3
"""A real SMTP server for tests/unit/test-notify.c (Debian's python3-aiosmtpd).

    smtp-server.py MAILDIR [PORT]

Listens on 127.0.0.1:PORT (0 or absent: a free port), prints the port on one line once it
accepts connections, and stores each message it accepts as MAILDIR/<n>.eml (the bytes after
DATA, exactly as received) with MAILDIR/<n>.env beside it (MAIL FROM, then each RCPT TO, one a
line). Recipients whose local part is "tempfail" get 451, "reject" get 550. Stops on SIGTERM.
"""
import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, maildir):
        self.maildir = maildir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local == "tempfail":
            return "451 4.3.0 try again later"
        if local == "reject":
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.maildir, "%d-%d" % (os.getpid(), self.count))
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".env", "w") as f:
            f.write(envelope.mail_from + "\n")
            for r in envelope.rcpt_tos:
                f.write(r + "\n")
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK queued"


async def main():
    maildir = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    handler = Handler(maildir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, decode_data=False, hostname="sink.test"),
        "127.0.0.1", port, reuse_address=True)
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    print(server.sockets[0].getsockname()[1], flush=True)
    await stop
    server.close()
    await server.wait_closed()


asyncio.run(main())
