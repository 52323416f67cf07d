"""Deterministic synthetic article data: one ``title<TAB>body<LF>`` record
per line, UTF-8, written by the main thread into a directory it is given."""

import os
import random

# A fixed vocabulary, a few words with non-ASCII letters so byte offsets and
# character positions differ.
WORDS = """
able acid aged alpine amber anchor angel apple arbor arctic arrow atlas
autumn azure badge baker bamboo banner baron basin beacon bear birch bishop
bison blade bloom bolt border boulder branch brass breeze brick bridge bronze
brook buffalo cabin cactus canal candle canyon capital captain carbon cargo
castle cedar chapel charter cherry circle citadel cliff clover cobalt comet
copper coral cotton crane crater creek crimson crown crystal cypress dagger
delta desert diamond dove dragon drift dune eagle echo eclipse elder ember
emerald empire falcon fern ferry festival field flint forest fortress fossil
fountain fox frost galaxy garden garnet geyser glacier granite grove harbor
hawk hazel heron hollow horizon island ivory jade jasper juniper kestrel
lagoon lantern laurel legend lily linden lotus lynx magnet manor maple marble
marsh meadow mercury mesa meteor mill mint mirror monsoon moss mountain nebula
nickel oak oasis obsidian ocean olive onyx orbit orchard osprey otter palace
panther pearl pebble pepper phoenix pine pioneer planet plateau plaza poplar
prairie prism quarry quartz rapids raven reef ridge river robin ruby saddle
saffron sage salmon sapphire satellite scarlet sequoia shadow shore silver
sparrow spire spring spruce star steppe stone storm summit sunset swan
temple thistle thunder tide timber topaz tower trail tundra valley velvet
violet volcano walnut willow winter wolf zenith zephyr café zürich ångström
façade naïve smörgåsbord
""".split()

KINDS = ["river", "mountain", "city", "ship", "battle", "album", "novel",
         "species", "dynasty", "festival", "theorem", "bridge"]


def make_title(rng, serial):
    """One title; ``serial`` keeps titles unique."""
    words = rng.choices(WORDS, k=rng.randint(1, 3))
    kind = rng.choice(KINDS)
    return "%s %s %d" % (" ".join(w.capitalize() for w in words), kind, serial)


def make_body(rng, title):
    count = rng.randint(20, 60)
    return "%s is a %s. %s." % (title, rng.choice(KINDS),
                                " ".join(rng.choices(WORDS, k=count)))


def generate_articles(directory, count=50000, seed=2016):
    """Write ``count`` articles into ``directory``/articles.tsv and return
    its path.  The same (count, seed) always gives the same bytes.  Uses a
    private ``random.Random``, never the module-level generator."""
    rng = random.Random(seed)
    path = os.path.join(directory, "articles.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for serial in range(count):
            title = make_title(rng, serial)
            f.write("%s\t%s\n" % (title, make_body(rng, title)))
    return path
