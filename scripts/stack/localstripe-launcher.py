"""Starts localstripe with its store kept in a file of ours.

localstripe pickles its whole store to a fixed /tmp path after every write, so two instances (the
`npm start` stack and the `npm test` stack) would overwrite each other. This launcher points the store
at a per-profile file, or keeps it in memory only when no file is given (tests start from scratch).
Usage: python localstripe-launcher.py <store-file-or-empty> --port N
"""
import pickle
import sys

from localstripe import resources, server

store_file = sys.argv.pop(1)


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


def dump_to_disk(self):
    if store_file:
        with open(store_file, 'wb') as f:
            pickle.dump(self, f, protocol=pickle.HIGHEST_PROTOCOL)


resources.Store.try_load_from_disk = try_load_from_disk
resources.Store.dump_to_disk = dump_to_disk

if __name__ == '__main__':
    server.start()
