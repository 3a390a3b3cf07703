"""Starts localstripe with its store kept in files of ours, written safely and at a cost that does not
grow with the store.

localstripe pickles its whole store to a fixed /tmp path after every write (on every __setitem__ and
after every request), in place, so
- two instances (the `npm start` stack and the `npm test` stack) would overwrite each other: this
  launcher points the store at a per-profile file, or keeps it in memory only when no file is given
  (tests start from scratch);
- a stop at the wrong moment left a truncated file that failed every later start;
- every Stripe call cost time proportional to everything stored (a bench's store is megabytes): the
  whole store was pickled after each write, and every list — including the one behind each exported
  customer's `subscriptions` — scanned every stored object for its type.

Lists read an index of the stored objects by type (kept with the store), so a list costs what that
type holds.

Here the store is a snapshot plus a journal:
- `<store>` is a whole store (a pickled dict, the format localstripe and the older launchers wrote),
  only ever replaced atomically (temporary file, fsync, rename, fsync of the folder);
- `<store>.journal` gets, after each write request (before its response is sent) and after any other
  change (localstripe's delayed callbacks), one record per object that changed: the object's own state,
  other stored objects referred to by key. Records are length- and CRC-framed, so a record torn by a
  crash is recognised and dropped at the next start. A record is written before the answer leaves, so a
  killed localstripe loses no acknowledged write; the journal is fsynced at most every FLUSH_SECONDS (a
  machine crash loses at most that much, as before).
- Which objects changed is tracked, not guessed by rewriting everything: every attribute assignment on a
  stored object, every object stored, deleted or fetched by key during a request (localstripe fetches,
  then mutates in place).
- When the journal outgrows the snapshot, a new snapshot is written and the journal emptied: the whole
  store is rewritten once per "store size" of journal, so each write's share stays constant.
A store that cannot be read (damaged) is moved aside with a clear message and localstripe starts
empty, instead of failing every start.

Usage: python localstripe-launcher.py <store-file-or-empty> --port N
"""
import asyncio
import atexit
import io
import os
import pickle
import struct
import sys
import tempfile
import time
import zlib

from localstripe import resources, server

store_file = sys.argv.pop(1)
journal_file = f'{store_file}.journal' if store_file else ''
FLUSH_SECONDS = 0.2
# The journal is folded into a new snapshot once it is larger than this and than the last snapshot.
COMPACT_MIN_BYTES = 4 * 1024 * 1024
_HEADER = struct.Struct('>II')  # payload length, CRC32 of the payload

_store = resources.store
_dict_get = dict.get
_by_kind = {}       # 'customer' → {key: object}, in the store's order: what a list of that type reads
_loading = False
_dirty = set()      # keys whose object changed (or was stored or deleted) since the last record
_touched = set()    # keys fetched since the last record: localstripe mutates what it fetched
_full = False       # the store was cleared: the next write is a snapshot
_record_scheduled = False
_sync_scheduled = False
_journal = None
_journal_bytes = 0
_snapshot_bytes = 0


# ---- which objects changed ------------------------------------------------------------------------

def _key_of(obj):
    """The store key under which `obj` itself is stored, or None."""
    kind = getattr(obj, 'object', None)
    if not isinstance(kind, str):
        return None
    obj_id = obj.__dict__.get('id')
    key = f'{kind}:{obj_id}' if isinstance(obj_id, str) else kind
    return key if _dict_get(_store, key) is obj else None


def _mark(key):
    if _loading or not store_file:
        return
    _dirty.add(key)
    _schedule_record()


def _tracking_setattr(original):
    def __setattr__(self, name, value):
        original(self, name, value)
        key = _key_of(self)
        if key is not None:
            _mark(key)
    return __setattr__


def _kind(key):
    return key.partition(':')[0] if ':' in key else None


def _reindex():
    _by_kind.clear()
    for key, value in dict.items(_store):
        kind = _kind(key)
        if kind is not None:
            _by_kind.setdefault(kind, {})[key] = value


class TrackedStore(resources.Store):
    def __setitem__(self, key, value):
        dict.__setitem__(self, key, value)
        kind = _kind(key)
        if kind is not None:
            _by_kind.setdefault(kind, {})[key] = value
        _mark(key)

    def __delitem__(self, key):
        dict.__delitem__(self, key)
        kind = _kind(key)
        if kind is not None:
            _by_kind.get(kind, {}).pop(key, None)
        _mark(key)

    def __getitem__(self, key):
        if store_file and not _loading:
            _touched.add(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        if store_file and not _loading and key in self:
            _touched.add(key)
        return dict.get(self, key, default)

    def clear(self):
        global _full
        dict.clear(self)
        _by_kind.clear()
        if not _loading and store_file:
            _full = True
            _schedule_record()

    def dump_to_disk(self):
        """Called by localstripe after every write request (and change): records what changed, now."""
        write_records()

    def try_load_from_disk(self):
        load()


# ---- the journal --------------------------------------------------------------------------------

class _RecordPickler(pickle.Pickler):
    """Pickles one stored object's state; other stored objects become references by key."""

    def __init__(self, file, root):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.root = root

    def persistent_id(self, obj):
        if obj is self.root or not hasattr(obj, '__dict__'):
            return None
        return _key_of(obj)


def _record_bytes(key):
    obj = _dict_get(_store, key)
    buf = io.BytesIO()
    if obj is None:
        pickle.dump(('del', key), buf, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        buf.write(pickle.dumps(('set', key, type(obj)), protocol=pickle.HIGHEST_PROTOCOL))
        _RecordPickler(buf, obj).dump(obj.__dict__)
    payload = buf.getvalue()
    return _HEADER.pack(len(payload), zlib.crc32(payload)) + payload


def _open_journal():
    global _journal, _journal_bytes
    if _journal is None:
        _journal = open(journal_file, 'ab')
        _journal_bytes = _journal.tell()
    return _journal


def write_records():
    """Appends a record for every changed object (a snapshot when the store was cleared or the journal is big)."""
    global _record_scheduled, _full, _journal_bytes
    _record_scheduled = False
    if not store_file or _loading:
        return
    if _full or (_journal_bytes > COMPACT_MIN_BYTES and _journal_bytes > _snapshot_bytes):
        snapshot()
        return
    keys = _dirty | _touched
    if not keys:
        return
    _dirty.clear()
    _touched.clear()
    data = b''.join(_record_bytes(k) for k in sorted(keys))
    f = _open_journal()
    f.write(data)
    f.flush()  # in the kernel before the answer leaves: a killed localstripe loses nothing acknowledged
    _journal_bytes += len(data)
    _schedule_sync()


def snapshot():
    """Writes the whole store atomically, then empties the journal (whose records it contains)."""
    global _full, _journal, _journal_bytes, _snapshot_bytes
    _full = False
    _dirty.clear()
    _touched.clear()
    directory = os.path.dirname(os.path.abspath(store_file))
    data = pickle.dumps(dict(_store), protocol=pickle.HIGHEST_PROTOCOL)
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
    _fsync_dir(directory)
    # A crash before the truncation replays records the snapshot already holds: the same state again.
    f = _open_journal()
    f.truncate(0)
    f.flush()
    os.fsync(f.fileno())
    _journal_bytes = 0
    _snapshot_bytes = len(data)


def _fsync_dir(directory):
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _sync():
    global _sync_scheduled
    _sync_scheduled = False
    if _journal is not None:
        os.fsync(_journal.fileno())


def _loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _schedule_record():
    """A change outside a write request (a delayed callback): recorded at the end of this loop turn."""
    global _record_scheduled
    if _record_scheduled:
        return
    loop = _loop()
    if loop is None:
        write_records()
        return
    _record_scheduled = True
    loop.call_soon(write_records)


def _schedule_sync():
    global _sync_scheduled
    if _sync_scheduled:
        return
    loop = _loop()
    if loop is None:
        _sync()
        return
    _sync_scheduled = True
    loop.call_later(FLUSH_SECONDS, _sync)


# ---- start-up -----------------------------------------------------------------------------------

def _read_journal():
    """The journal's whole records; a torn tail (crash mid-write) is cut off."""
    try:
        with open(journal_file, 'rb') as f:
            data = f.read()
    except FileNotFoundError:
        return []
    records, at = [], 0
    while at + _HEADER.size <= len(data):
        length, crc = _HEADER.unpack_from(data, at)
        payload = data[at + _HEADER.size:at + _HEADER.size + length]
        if len(payload) < length or zlib.crc32(payload) != crc:
            break
        records.append(payload)
        at += _HEADER.size + length
    if at < len(data):
        print(f'localstripe: dropped a torn record at the end of {journal_file} ({len(data) - at} bytes).', file=sys.stderr, flush=True)
        with open(journal_file, 'r+b') as f:
            f.truncate(at)
    return records


def _replay(records):
    """Applies the journal over the snapshot: each key's last state; references resolve to live objects."""
    objects = dict(_store)  # every object ever referred to, deleted ones too (a record may still point at them)
    states = []
    for payload in records:
        buf = io.BytesIO(payload)
        head = pickle.load(buf)
        if head[0] == 'del':
            _store.pop(head[1], None)
            continue
        _, key, cls = head
        obj = objects.get(key)
        if obj is None or type(obj) is not cls:
            obj = cls.__new__(cls)
            objects[key] = obj
        dict.__setitem__(_store, key, obj)
        states.append((obj, buf))

    class Loader(pickle.Unpickler):
        def persistent_load(self, key):
            obj = objects.get(key)
            if obj is None:
                raise pickle.UnpicklingError(f'reference to unknown object {key}')
            return obj

    for obj, buf in states:
        state = Loader(buf).load()
        obj.__dict__.clear()
        obj.__dict__.update(state)


def load():
    global _loading, _snapshot_bytes
    if not store_file:
        return
    _loading = True
    try:
        try:
            with open(store_file, 'rb') as f:
                data = f.read()
            _snapshot_bytes = len(data)
            old = pickle.loads(data)
            dict.clear(_store)
            dict.update(_store, old)
        except FileNotFoundError:
            pass
        _replay(_read_journal())
    except Exception as err:  # truncated, from another version, not a pickle at all…
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        aside = f'{store_file}.unreadable-{stamp}'
        for src, dst in ((store_file, aside), (journal_file, f'{aside}.journal')):
            if os.path.exists(src):
                os.replace(src, dst)
        print(
            f'localstripe: the store {store_file} could not be read ({type(err).__name__}: {err}); '
            f'it was moved to {aside} and localstripe starts with an empty store. Stripe objects the '
            f'app stored before (customers, cards) are recreated when next needed.',
            file=sys.stderr, flush=True)
        dict.clear(_store)
    finally:
        _loading = False
        _reindex()
    # Start from one whole snapshot: the journal then only holds what this run changes.
    snapshot()


def _close():
    write_records()
    _sync()


async def _close_on_shutdown(_app):
    _close()


@classmethod
def _list_all(cls, url, limit=None, starting_after=None, **kwargs):
    """localstripe's StripeObject._api_list_all, reading the type's index instead of the whole store."""
    if kwargs:
        raise resources.UserError(400, 'Unexpected ' + ', '.join(kwargs.keys()))
    li = resources.List(url, limit=limit, starting_after=starting_after)
    li._list = list(_by_kind.get(cls.object, {}).values())
    return li


# localstripe's modules hold the one store object: it becomes a tracked one in place.
_store.__class__ = TrackedStore
resources.StripeObject.__setattr__ = _tracking_setattr(object.__setattr__)
resources.Balance.__setattr__ = _tracking_setattr(object.__setattr__)
resources.StripeObject._api_list_all = _list_all
server.app.on_shutdown.append(_close_on_shutdown)
atexit.register(_close)

if __name__ == '__main__':
    server.start()
