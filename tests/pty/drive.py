"""Runs a command on a real pseudo-terminal and plays a script against it.

Usage: drive.py STEPS_JSON COMMAND [ARG...]
STEPS_JSON is a list of steps: ["expect", TEXT] waits (up to 30 s) for TEXT in the output,
["send", TEXT] types TEXT, ["run", [ARG...]] runs another command to its end (with the same
environment, off the terminal), ["echo?"] records whether the terminal echoes input right now, ["hidden"] waits (up to 30 s)
until the program has turned echo off: a prompt is drawn before echo goes off, and input typed in
between would be echoed and then flushed.
Prints one JSON object: exit code or signal, the echo readings, echo and line mode after exit, and all output.
The terminal is 24 rows of 80 columns.
Waits on output, never on time: each expect ends as soon as its text appears.
"""
import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios

steps = json.loads(sys.argv[1])
command = sys.argv[2:]
master, slave = os.openpty()
# 24 rows of 80 columns, as a terminal window has; a fresh pty reports 0 x 0.
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
pid = os.fork()
if pid == 0:
    os.setsid()
    os.close(master)
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execvp(command[0], command)

output = b""
seen = 0  # expects match only output after the previous match
echo_readings = []
failure = None


def read_some(timeout):
    global output
    ready, _, _ = select.select([master], [], [], timeout)
    if not ready:
        return False
    try:
        chunk = os.read(master, 4096)
    except OSError:
        return False
    output += chunk
    return bool(chunk)


for step in steps:
    if step[0] == "expect":
        want = step[1].encode()
        while output.find(want, seen) < 0:
            if not read_some(30):
                failure = "timed out waiting for %r" % step[1]
                break
        if failure:
            break
        seen = output.find(want, seen) + len(want)
    elif step[0] == "send":
        os.write(master, step[1].encode())
    elif step[0] == "run":
        subprocess.run(step[1], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)
    elif step[0] == "hidden":
        polls = 0
        while termios.tcgetattr(slave)[3] & termios.ECHO:
            read_some(0.01)
            polls += 1
            if polls > 3000:
                failure = "echo never went off"
                break
        if failure:
            break
    elif step[0] == "echo?":
        echo_readings.append(bool(termios.tcgetattr(slave)[3] & termios.ECHO))

if failure:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
while read_some(0):
    pass
print(json.dumps({
    "failure": failure,
    "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    "echo": echo_readings,
    "echo_after": bool(termios.tcgetattr(slave)[3] & termios.ECHO),
    "canonical_after": bool(termios.tcgetattr(slave)[3] & termios.ICANON),
    "output": output.decode("utf-8", "replace"),
}))
