"""Starts localstripe with its store kept in a file of ours, written safely and cheaply.

localstripe pickles its whole store to a fixed /tmp path after every write (on every __setitem__ and
after every request), in place, so
- two instances (the `npm start` stack and the `npm test` stack) would overwrite each other: this
  launcher points the store at a per-profile file, or keeps it in memory only when no file is given
  (tests start from scratch);
- a stop at the wrong moment left a truncated file that failed every later start: the store is now
  written to a temporary file, fsynced, then renamed over the old one (atomic on POSIX), so the file
  on disk is always a whole store, the old or the new;
- every Stripe call cost time proportional to everything stored: writes are now coalesced, at most
  one every FLUSH_SECONDS after a change, plus one at shutdown (SIGINT/SIGTERM). A SIGKILL loses at
  most the last FLUSH_SECONDS of changes, never the file.
A store that cannot be read anyway (from an older launcher, or damaged) is moved aside with a clear
message and localstripe starts empty, instead of failing every start.

Usage: python localstripe-launcher.py <store-file-or-empty> --port N
"""
import asyncio
import atexit
import os
import pickle
import sys
import tempfile
import time

from localstripe import resources, server

store_file = sys.argv.pop(1)
FLUSH_SECONDS = 0.2

_dirty = False
_scheduled = False


def _write_atomically(store):
    directory = os.path.dirname(os.path.abspath(store_file))
    data = pickle.dumps(dict(store), protocol=pickle.HIGHEST_PROTOCOL)
    fd, tmp = tempfile.mkstemp(prefix='.localstripe-', suffix='.tmp', dir=directory)
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, store_file)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def flush():
    """Writes the store now if it changed since the last write."""
    global _dirty, _scheduled
    _scheduled = False
    if not store_file or not _dirty:
        return
    _dirty = False
    _write_atomically(resources.store)


def try_load_from_disk(self):
    if not store_file:
        return
    try:
        with open(store_file, 'rb') as f:
            old = pickle.load(f)
        self.clear()
        self.update(old)
    except FileNotFoundError:
        pass
    except Exception as err:  # truncated, from another version, not a pickle at all…
        aside = f'{store_file}.unreadable-{time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())}'
        os.replace(store_file, aside)
        print(
            f'localstripe: the store {store_file} could not be read ({type(err).__name__}: {err}); '
            f'it was moved to {aside} and localstripe starts with an empty store. Stripe objects the '
            f'app stored before (customers, cards) are recreated when next needed.',
            file=sys.stderr, flush=True)
        self.clear()


def dump_to_disk(self):
    """Called by localstripe after every change: marks the store dirty and schedules one write."""
    global _dirty, _scheduled
    if not store_file:
        return
    _dirty = True
    if _scheduled:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        flush()  # outside the server's loop (start-up): write now
        return
    _scheduled = True
    loop.call_later(FLUSH_SECONDS, flush)


async def _flush_on_shutdown(_app):
    flush()


resources.Store.try_load_from_disk = try_load_from_disk
resources.Store.dump_to_disk = dump_to_disk
server.app.on_shutdown.append(_flush_on_shutdown)
atexit.register(flush)

if __name__ == '__main__':
    server.start()
