"""The module-level random functions share one global generator."""
import random
from random import randrange

DECK = list(range(10))
SHARED_RNG = random.Random(1234)


# label: UNSAFE call
def roll():
    return random.random()


# label: UNSAFE call
def shuffle_copy():
    d = list(DECK)
    random.shuffle(d)
    return d


# label: UNSAFE call
def reseed():
    random.seed(42)


# label: UNSAFE call
def dice():
    return random.randint(1, 6)


# label: UNSAFE call
def pick():
    return random.choice(DECK)


# label: UNSAFE call
def from_import_randrange():
    return randrange(10)


# label: UNSAFE mutation
def shuffle_shared_deck():
    rng = random.Random(1)
    rng.shuffle(DECK)


# label: UNSAFE mutation
def use_shared_rng():
    return SHARED_RNG.random()


# label: SAFE
def local_rng():
    rng = random.Random(7)
    return rng.random()


# label: SAFE
def local_shuffle_copy():
    rng = random.Random(7)
    d = list(DECK)
    rng.shuffle(d)
    return d


# label: SAFE
def local_sample(seed):
    return random.Random(seed).sample(DECK, 3)


def spawn(ex):
    for fn in (local_rng, local_shuffle_copy, roll, shuffle_copy, reseed, dice,
               pick, from_import_randrange, shuffle_shared_deck, use_shared_rng):
        ex.submit(fn).result()
    list(ex.map(local_sample, [1, 2]))
