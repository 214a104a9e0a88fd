package com.valet.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Words the generated items are written with: household belongings as customers catalogue them, so a
 * keyword hits a realistic share of the items (a few per customer, not none and not all).
 */
final class Vocabulary {
    private Vocabulary() {
    }

    /**
     * Item nouns, most common first: the loader picks them with a skew towards the front, as real
     * catalogues hold more boxes of books than harps.
     */
    static final List<String> NOUNS = List.of(
            "box", "books", "clothes", "shoes", "lamp", "chair", "table", "suitcase", "bike", "winter coat",
            "toys", "dishes", "blanket", "pillows", "rug", "mirror", "desk", "shelf", "bookcase", "dresser",
            "nightstand", "mattress", "bed frame", "crib", "stroller", "high chair", "car seat", "sofa", "armchair",
            "ottoman", "coffee table", "side table", "dining table", "bench", "stool", "cabinet", "wardrobe",
            "chest", "trunk", "tent", "sleeping bag", "backpack", "cooler", "camping stove", "lantern", "kayak",
            "paddle", "surfboard", "snowboard", "skis", "ski boots", "helmet", "golf clubs", "tennis racket",
            "baseball bat", "basketball", "football", "soccer ball", "hockey stick", "skates", "skateboard",
            "scooter", "treadmill", "dumbbells", "yoga mat", "rowing machine", "weights", "guitar", "keyboard",
            "drum kit", "violin", "amplifier", "speakers", "record player", "vinyl records", "television",
            "monitor", "computer", "laptop", "printer", "router", "cables", "camera", "tripod", "projector",
            "microwave", "toaster", "blender", "mixer", "kettle", "coffee maker", "slow cooker", "pots", "pans",
            "cookware", "glassware", "china", "silverware", "cutlery", "serving platter", "vase", "candles",
            "picture frames", "paintings", "posters", "artwork", "sculpture", "clock", "curtains", "bedding",
            "towels", "tablecloth", "quilt", "duvet", "comforter", "sheets", "jackets", "sweaters", "dresses",
            "suits", "boots", "sandals", "hats", "scarves", "gloves", "handbags", "jewelry box", "watch",
            "sunglasses", "umbrella", "raincoat", "costumes", "uniform", "wedding dress", "baby clothes",
            "diapers", "bottles", "board games", "puzzles", "lego", "dolls", "dollhouse", "action figures",
            "stuffed animals", "train set", "video games", "game console", "comics", "magazines", "notebooks",
            "files", "documents", "photo albums", "letters", "tax records", "binders", "office chair",
            "filing cabinet", "shredder", "tools", "toolbox", "drill", "saw", "hammer", "ladder", "workbench",
            "lawn mower", "leaf blower", "hose", "rake", "shovel", "wheelbarrow", "planters", "garden gnome",
            "grill", "patio chairs", "patio umbrella", "hammock", "fan", "heater", "air conditioner",
            "humidifier", "dehumidifier", "vacuum", "mop", "bucket", "iron", "ironing board", "sewing machine",
            "fabric", "yarn", "knitting needles", "craft supplies", "paint cans", "brushes", "easel", "canvas",
            "christmas tree", "ornaments", "string lights", "wreath", "halloween decorations", "easter baskets",
            "gift wrap", "party supplies", "fishing rod", "tackle box", "life jacket", "bike rack", "roof box",
            "snow chains", "tires", "car battery", "spare parts", "storage bins", "plastic crates", "boxes",
            "moving blankets", "baby gate", "playpen", "bassinet", "changing table", "rocking chair", "piano bench",
            "telescope", "microscope", "globe", "typewriter", "sewing kit", "first aid kit", "fire extinguisher",
            "sports trophies", "medals", "collectibles", "coins", "stamps", "antiques", "heirlooms", "chandelier",
            "floor lamp", "desk lamp", "bar stools", "wine rack", "wine glasses", "beer stein", "espresso machine",
            "rice cooker", "air fryer", "stand mixer", "food processor", "dinnerware", "mugs", "teapot");

    static final List<String> ADJECTIVES = List.of(
            "old", "vintage", "antique", "modern", "small", "large", "heavy", "light", "red", "blue", "green",
            "black", "white", "grey", "brown", "wooden", "metal", "leather", "wool", "cotton", "plastic", "glass",
            "folding", "electric", "kids", "spare", "seasonal", "summer", "winter", "broken", "new", "used",
            "family", "favourite", "mid-century", "oak", "pine", "walnut", "steel", "ceramic");

    static final List<String> ROOMS = List.of(
            "living room", "bedroom", "kids room", "nursery", "kitchen", "dining room", "basement", "attic",
            "garage", "garden shed", "office", "hallway", "guest room", "porch", "storage closet");

    static final List<String> NOTES = List.of(
            "handle with care", "keep upright", "belonged to grandma", "needs a new cord", "some scratches",
            "like new", "wrapped in bubble wrap", "missing one piece", "used every summer", "only for guests",
            "from the old apartment", "do not stack", "waterproof cover included", "assembly required",
            "sentimental value", "bought last year", "pieces labelled", "fits in the car", "two people to lift",
            "original packaging");

    /** Tags customers put on items: a small set, so {@code 'kw' = ANY(tags)} matches often. */
    static final List<String> TAGS = List.of(
            "fragile", "seasonal", "kids", "kitchen", "garage", "sports", "holiday", "documents", "electronics",
            "furniture", "books", "clothes", "tools", "camping", "garden", "decor", "office", "baby", "music",
            "heavy");

    static final List<String> CATEGORIES = List.of(
            "furniture", "electronics", "clothing", "kitchen", "sports", "outdoor", "decor", "toys", "documents",
            "tools", "seasonal", "other");

    /**
     * Search keywords: the one-word nouns of four letters or more. Shorter ones would make the seed's
     * {@code ILIKE '%kw%'} and the service's prefix search ({@code kw:*}) look for different things
     * ({@code '%box%'} is also inside "toolbox").
     */
    static final List<String> KEYWORDS = NOUNS.stream()
            .filter(noun -> !noun.contains(" ") && noun.length() >= 4)
            .toList();

    /**
     * A search keyword, skewed like the nouns in the data ({@code random^2}): customers mostly look for
     * things they have, so common words are searched for more often than rare ones.
     */
    static String keyword(SplittableRandom random) {
        double skewed = random.nextDouble();
        return KEYWORDS.get((int) (skewed * skewed * KEYWORDS.size()));
    }
}
