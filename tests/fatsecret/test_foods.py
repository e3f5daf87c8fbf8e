"""Food search: v3 with servings → portions, v1's "Per 100g - …" description, FatSecret's JSON
habits (every number a string, a lone child as an object)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx
import msgspec

from adapters.fatsecret import wire
from adapters.fatsecret.catalog import FatSecretCatalog
from adapters.fatsecret.client import FatSecretClient
from adapters.fatsecret.foods import FoodBook
from adapters.fatsecret.signing import OAuth1Signer
from adapters.memory.kit import MemoryKit
from domain.meals.food import FatSecretFood
from domain.meals.nutrients import Nutrients
from domain.meals.units import Unit
from domain.users import Language
from tests.fakes.fatsecret import FatSecretFake
from tests.fatsecret.world import World

D = Decimal
CAPTURE = (
    Path(__file__).resolve().parents[1] / "specs" / "fatsecret" / "foods-search-v3-banana.json"
)


async def test_v3_search_gives_per_100g_numbers_and_servings_as_portions(world: World) -> None:
    [banana] = await world.catalog.search("banana", language=Language.EN)

    assert banana.name == "Bananas"
    assert banana.source == FatSecretFood(food_id="35755", serving_id="58486")  # the 100 g one
    assert banana.per_100g.nutrients == Nutrients(
        kcal=D(89), protein=D("1.09"), fat=D("0.33"), carbohydrate=D("22.84"),
        fiber=D("2.6"), sugar=D("12.23"),
    )  # fmt: skip
    [medium] = banana.portions  # "100 g" is a weight, not a portion
    assert (medium.label, medium.grams, medium.serving_id) == (
        'medium (7" to 7-7/8" long)',
        D(118),
        "32978",
    )


async def test_household_measures_become_portions_with_their_unit(world: World) -> None:
    [rice] = await world.catalog.search("white rice", language=Language.EN)

    assert [(p.label, p.grams, p.unit) for p in rice.portions] == [("cup", D(158), Unit.CUP)]
    assert rice.per_100g.nutrients.kcal == D(130)


async def test_v1_search_reads_the_per_100g_description(
    kit: MemoryKit, fake: FatSecretFake, http: httpx.AsyncClient
) -> None:
    world = World(kit, fake, http, with_servings=False)

    [chicken] = await world.catalog.search("chicken breast", language=Language.EN)

    assert chicken.per_100g.nutrients == Nutrients(
        kcal=D(165), fat=D("3.60"), carbohydrate=D(0), protein=D(31)
    )
    assert chicken.source == FatSecretFood(food_id="1641")
    assert fake.count("foods.search") == 1 and fake.count("foods.search.v3") == 0


async def test_v1_foods_described_per_serving_are_weighed_from_their_servings(
    kit: MemoryKit, fake: FatSecretFake, http: httpx.AsyncClient
) -> None:
    world = World(kit, fake, http, with_servings=False)

    [oatmeal] = await world.catalog.search("quaker", language=Language.EN)

    # "Per 1 packet - Calories: 100kcal …" and the packet weighs 28 g.
    assert oatmeal.name == "Quaker Instant Oatmeal - Original"
    assert oatmeal.per_100g.nutrients.kcal == D(100) * 100 / 28
    assert [(p.label, p.grams) for p in oatmeal.portions] == [("packet", D(28))]
    assert fake.count("food.get.v2") == 1


async def test_a_lone_result_and_a_lone_serving_given_as_objects(
    world: World, fake: FatSecretFake
) -> None:
    fake.single_child_as_object = True

    [oatmeal] = await world.catalog.search("instant oatmeal", language=Language.EN)

    last = fake.calls[-1]
    assert last.api_method == "foods.search.v3" and last.error_code is None
    assert oatmeal.source == FatSecretFood(food_id="58349", serving_id="101234")
    assert [(p.label, p.grams) for p in oatmeal.portions] == [("packet", D(28))]


async def test_nothing_found_is_an_empty_list(world: World) -> None:
    assert await world.catalog.search("zzz unknown food", language=Language.EN) == []
    assert await world.catalog.search("   ", language=Language.EN) == []


def test_every_number_of_the_real_capture_arrives_as_a_string_and_decodes_exactly() -> None:
    raw = CAPTURE.read_bytes()
    assert b'"calories": "105"' in raw  # strings on the wire

    decoded = msgspec.json.decode(raw, type=wire.FoodsSearchV3, strict=False)

    assert decoded.foods_search is not None and decoded.foods_search.results is not None
    foods = wire.listed(decoded.foods_search.results.food)
    medium = foods[0].serving_list[0]
    assert (medium.calories, medium.metric_serving_amount, medium.number_of_units) == (
        D(105),
        D("118.000"),
        D("1.000"),
    )
    assert decoded.foods_search.total_results > 0


async def test_an_account_without_v3_falls_back_to_v1_for_good(kit: MemoryKit) -> None:
    """FatSecret without Premier: v3 answers "missing scope" (14); a tiny stand-in server, since
    the fake serves every version."""
    asked: list[str] = []

    def fatsecret(request: httpx.Request) -> httpx.Response:
        method = request.url.params["method"]
        asked.append(method)
        if method == "foods.search.v3":
            return httpx.Response(200, json={"error": {"code": 14, "message": "Missing scope"}})
        food = {
            "food_id": "35755",
            "food_name": "Bananas",
            "food_type": "Generic",
            "food_description": "Per 100g - Calories: 89kcal | Fat: 0.33g | Carbs: 22.84g "
            "| Protein: 1.09g",
        }
        return httpx.Response(200, json={"foods": {"food": food, "total_results": "1"}})

    async with httpx.AsyncClient(transport=httpx.MockTransport(fatsecret)) as http:
        signer = OAuth1Signer("key", "secret", clock=kit.clock, nonces=kit.secrets)
        client = FatSecretClient(
            http,
            signer,
            api_base_url="https://fs.test/rest",
            oauth_base_url="https://fs.test/oauth",
        )
        catalog = FatSecretCatalog(FoodBook(client))
        first = await catalog.search("banana", language=Language.EN)
        second = await catalog.search("banana", language=Language.EN)

    assert [f.per_100g.nutrients.kcal for f in first + second] == [D(89), D(89)]
    assert asked == ["foods.search.v3", "foods.search", "foods.search"]
