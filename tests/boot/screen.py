#!/usr/bin/env python3
"""The screen of a guest, for tests/boot/video.sh.

screen.py dump IMAGE PPM LOG MARKER [SECONDS]
    Boots IMAGE in QEMU (standard VGA, TCG), waits until MARKER appears on
    the serial console (kept in LOG), takes a screendump into PPM through
    the monitor and stops QEMU. Fails when the guest stops, reports a
    failure or the time runs out first.

screen.py dump-uefi IMAGE PPM LOG MARKER [SECONDS]
    The same under OVMF on q35 (tests/boot/uefi.sh), with a copy of its
    variable store.

screen.py check PPM WIDTHxHEIGHT quadrants|none|text
    quadrants: the image is WIDTH x HEIGHT and shows the sample kernel's
    pattern: red, green, blue and white quadrants from the top left.
    none: the image is WIDTH x HEIGHT, whatever it shows.
    text: the image is VGA text mode's 720 x 400 and not blank.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time

FAILURES = (b"PANIC", b"SELFTEST FAIL", b"ghostboot: halted")


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


def read_prompt(sock):
    """Reads the monitor's output up to its next prompt."""
    reply = b""
    while not reply.endswith(b"(qemu) "):
        chunk = sock.recv(4096)
        if not chunk:
            break
        reply += chunk
    return reply


def ppm_complete(path):
    """Whether the file is a whole PPM: its header, then every pixel."""
    try:
        width, height, pixels = read_ppm(path)
    except (ValueError, OSError):
        return False
    return len(pixels) >= width * height * 3


OVMF = "/usr/share/OVMF/"


def dump(image, ppm, log, marker, seconds, uefi=False):
    qemu = os.environ.get("GHOSTBOOT_QEMU", "qemu-system-x86_64")
    with tempfile.TemporaryDirectory() as tmp:
        sock_path = os.path.join(tmp, "monitor")
        args = [qemu, "-accel", "tcg", "-m", "256M", "-no-reboot", "-nic", "none",
                "-display", "none", "-vga", "std",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-drive", "format=raw,snapshot=on,file=" + image.replace(",", ",,"),
                "-serial", "file:" + log,
                "-monitor", "unix:%s,server=on,wait=off" % sock_path]
        if uefi:
            variables = os.path.join(tmp, "OVMF_VARS.fd")
            with open(OVMF + "OVMF_VARS_4M.fd", "rb") as f, open(variables, "wb") as out:
                out.write(f.read())
            args += ["-machine", "q35",
                     "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF + "OVMF_CODE_4M.fd",
                     "-drive", "if=pflash,format=raw,file=" + variables]
        open(log, "wb").close()  # no marker left from an earlier boot
        if os.path.exists(ppm):
            os.remove(ppm)  # nor a screen
        guest = subprocess.Popen(args, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + seconds
            while marker.encode() not in read(log):
                text = read(log)
                if any(f in text for f in FAILURES):
                    return "the guest failed before '%s'" % marker
                if guest.poll() is not None:
                    return "QEMU stopped (status %d) before '%s'" % (guest.returncode, marker)
                if time.monotonic() > deadline:
                    return "no '%s' within %d seconds" % (marker, seconds)
                time.sleep(0.2)
            sock = socket.socket(socket.AF_UNIX)
            sock.connect(sock_path)
            sock.settimeout(30)
            read_prompt(sock)  # the greeting
            sock.sendall(b"screendump " + ppm.encode() + b"\n")
            read_prompt(sock)
            # The dump may finish after the prompt: wait for the whole file.
            deadline = time.monotonic() + 30
            while not ppm_complete(ppm) and time.monotonic() < deadline:
                time.sleep(0.1)
            sock.sendall(b"quit\n")
            guest.wait(30)
            sock.close()
        finally:
            if guest.poll() is None:
                guest.kill()
                guest.wait()
    if not ppm_complete(ppm):
        return "QEMU wrote no whole screendump"
    return None


def read_ppm(path):
    data = read(path)
    fields, at = [], 0
    while len(fields) < 4 and at < len(data):
        while data[at:at + 1].isspace():
            at += 1
        start = at
        while at < len(data) and not data[at:at + 1].isspace():
            at += 1
        fields.append(data[start:at])
    if len(fields) < 4 or fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not a binary 8-bit PPM")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[at + 1:]
    if len(pixels) < width * height * 3:
        raise ValueError("PPM shorter than %dx%d" % (width, height))
    return width, height, pixels


def check(ppm, size, what):
    width, height, pixels = read_ppm(ppm)

    def pixel(x, y):
        i = (y * width + x) * 3
        return tuple(pixels[i:i + 3])

    if what == "text":
        if (width, height) != (720, 400):
            return "screen is %dx%d, not VGA text's 720x400" % (width, height)
        if not any(pixels):
            return "the text screen is blank"
        return None
    want_w, want_h = (int(n) for n in size.split("x"))
    if (width, height) != (want_w, want_h):
        return "screen is %dx%d, not %dx%d" % (width, height, want_w, want_h)
    if what == "none":
        return None
    colors = {(0, 0): (255, 0, 0), (1, 0): (0, 255, 0),
              (0, 1): (0, 0, 255), (1, 1): (255, 255, 255)}
    half_w, half_h = width // 2, height // 2
    for (qx, qy), color in colors.items():
        x0, x1 = (0, half_w - 1) if qx == 0 else (half_w, width - 1)
        y0, y1 = (0, half_h - 1) if qy == 0 else (half_h, height - 1)
        # The quadrant's corners (the edges of the screen and the borders
        # between quadrants) and a grid inside it.
        points = [(x, y) for x in (x0, x1) for y in (y0, y1)]
        points += [(x0 + (x1 - x0) * i // 4, y0 + (y1 - y0) * j // 4)
                   for i in range(1, 4) for j in range(1, 4)]
        for x, y in points:
            if pixel(x, y) != color:
                return "pixel (%d,%d) is %s, expected %s" % (x, y, pixel(x, y), color)
    return None


def main(argv):
    if len(argv) >= 5 and argv[0] in ("dump", "dump-uefi"):
        problem = dump(argv[1], argv[2], argv[3], argv[4], int(argv[5]) if len(argv) > 5 else 120,
                       argv[0] == "dump-uefi")
    elif len(argv) == 4 and argv[0] == "check":
        try:
            problem = check(argv[1], argv[2], argv[3])
        except (ValueError, OSError) as e:
            problem = str(e)
    else:
        problem = ("usage: screen.py dump|dump-uefi IMAGE PPM LOG MARKER [SECONDS] | "
                   "check PPM WxH quadrants|none|text")
    if problem:
        print(problem)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
