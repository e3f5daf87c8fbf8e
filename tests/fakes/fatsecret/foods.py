"""A small food database for the fake FatSecret.

Bananas is the real `foods.search.v3` capture
(../shared/specs/fatsecret/foods-search-v3-banana.json); the other generic foods carry USDA-like
values per 100 g, scaled to their servings. One brand food has a single serving, which is where
the single-object quirk shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from tests.fakes.fatsecret.render import NUTRIENTS, Json, amount, children, nutrient, two_places

_SITE = "https://foods.fatsecret.com/calories-nutrition"


@dataclass(frozen=True, slots=True)
class Serving:
    serving_id: str
    serving_description: str
    measurement_description: str
    number_of_units: Decimal
    metric_serving_amount: Decimal | None
    metric_serving_unit: str | None
    serving_url: str
    nutrients: Mapping[str, Decimal]

    def to_json(self) -> Json:
        body: Json = {
            "serving_id": self.serving_id,
            "serving_description": self.serving_description,
            "serving_url": self.serving_url,
            "measurement_description": self.measurement_description,
            "number_of_units": amount(self.number_of_units),
        }
        if self.metric_serving_amount is not None and self.metric_serving_unit:
            body["metric_serving_amount"] = amount(self.metric_serving_amount)
            body["metric_serving_unit"] = self.metric_serving_unit
        body.update((name, nutrient(name, value)) for name, value in self.nutrients.items())
        return dict(sorted(body.items()))

    @property
    def is_100g(self) -> bool:
        return self.metric_serving_unit == "g" and self.metric_serving_amount == 100


@dataclass(frozen=True, slots=True)
class Food:
    food_id: str
    food_name: str
    food_type: Literal["Generic", "Brand"]
    food_url: str
    servings: tuple[Serving, ...]
    brand_name: str | None = None

    def serving(self, serving_id: str) -> Serving | None:
        return next((s for s in self.servings if s.serving_id == serving_id), None)

    def _head(self) -> Json:
        body: Json = {"food_id": self.food_id, "food_name": self.food_name}
        if self.brand_name:
            body["brand_name"] = self.brand_name
        body.update({"food_type": self.food_type, "food_url": self.food_url})
        return body

    def description(self) -> str:
        """v1's one-line summary, e.g. "Per 100g - Calories: 89kcal | Fat: 0.33g | ..."."""
        basis = next((s for s in self.servings if s.is_100g), self.servings[0])
        label = "100g" if basis.is_100g else basis.serving_description
        n = basis.nutrients
        return (
            f"Per {label} - Calories: {nutrient('calories', n['calories'])}kcal"
            f" | Fat: {two_places(n['fat'])}g | Carbs: {two_places(n['carbohydrate'])}g"
            f" | Protein: {two_places(n['protein'])}g"
        )

    def summary_json(self) -> Json:
        """An item of foods.search v1."""
        return {**self._head(), "food_description": self.description()}

    def full_json(self, *, single_as_object: bool) -> Json:
        """food.get / foods.search.v3: the food with all its servings."""
        servings = [s.to_json() for s in self.servings]
        return {
            **self._head(),
            "servings": {"serving": children(servings, single_as_object=single_as_object)},
        }


def _generic(
    food_id: str,
    name: str,
    per_100g: Sequence[float],
    servings: Sequence[tuple[str, str, str, float, float]],
) -> Food:
    """`per_100g` follows NUTRIENTS minus trans_fat, added_sugars and vitamin_d;
    `servings` are (serving_id, description, measurement, number_of_units, grams)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    names = [n for n in NUTRIENTS if n not in ("trans_fat", "added_sugars", "vitamin_d")]
    base = {n: Decimal(str(v)) for n, v in zip(names, per_100g, strict=True)}
    built = []
    for serving_id, description, measurement, units, grams in servings:
        factor = Decimal(str(grams)) / 100
        portion = Decimal(str(units))
        built.append(
            Serving(
                serving_id=serving_id,
                serving_description=description,
                measurement_description=measurement,
                number_of_units=portion,
                metric_serving_amount=Decimal(str(grams)),
                metric_serving_unit="g",
                serving_url=f"{_SITE}/usda/{slug}?portionid={serving_id}&portionamount={amount(portion)}",
                nutrients={n: v * factor for n, v in base.items()},
            )
        )
    return Food(food_id, name, "Generic", f"{_SITE}/usda/{slug}", tuple(built))


# copied verbatim from the capture
_BANANA_SERVINGS: tuple[dict[str, str], ...] = (
    {
        "calcium": "6",
        "calories": "105",
        "carbohydrate": "26.95",
        "cholesterol": "0",
        "fat": "0.39",
        "fiber": "3.1",
        "iron": "0.31",
        "measurement_description": 'medium (7" to 7-7/8" long)',
        "metric_serving_amount": "118.000",
        "metric_serving_unit": "g",
        "monounsaturated_fat": "0.038",
        "number_of_units": "1.000",
        "polyunsaturated_fat": "0.086",
        "potassium": "422",
        "protein": "1.29",
        "saturated_fat": "0.132",
        "serving_description": '1 medium (7" to 7-7/8" long)',
        "serving_id": "32978",
        "serving_url": "https://foods.fatsecret.com/calories-nutrition/usda/bananas?portionid=32978&portionamount=1.000",
        "sodium": "1",
        "sugar": "14.43",
        "vitamin_a": "4",
        "vitamin_c": "10.3",
    },
    {
        "calcium": "5",
        "calories": "89",
        "carbohydrate": "22.84",
        "cholesterol": "0",
        "fat": "0.33",
        "fiber": "2.6",
        "iron": "0.26",
        "measurement_description": "g",
        "metric_serving_amount": "100.000",
        "metric_serving_unit": "g",
        "monounsaturated_fat": "0.032",
        "number_of_units": "100.000",
        "polyunsaturated_fat": "0.073",
        "potassium": "358",
        "protein": "1.09",
        "saturated_fat": "0.112",
        "serving_description": "100 g",
        "serving_id": "58486",
        "serving_url": "https://foods.fatsecret.com/calories-nutrition/usda/bananas?portionid=58486&portionamount=100.000",
        "sodium": "1",
        "sugar": "12.23",
        "vitamin_a": "3",
        "vitamin_c": "8.7",
    },
)


def _captured_banana() -> Food:
    servings = []
    for captured in _BANANA_SERVINGS:
        fields = dict(captured)
        metric_amount = fields.pop("metric_serving_amount")
        servings.append(
            Serving(
                serving_id=fields.pop("serving_id"),
                serving_description=fields.pop("serving_description"),
                measurement_description=fields.pop("measurement_description"),
                number_of_units=Decimal(fields.pop("number_of_units")),
                metric_serving_amount=Decimal(metric_amount),
                metric_serving_unit=fields.pop("metric_serving_unit"),
                serving_url=fields.pop("serving_url"),
                nutrients={name: Decimal(value) for name, value in fields.items()},
            )
        )
    return Food("35755", "Bananas", "Generic", f"{_SITE}/usda/bananas", tuple(servings))


def _instant_oatmeal() -> Food:
    url = f"{_SITE}/quaker/instant-oatmeal-original"
    packet = Serving(
        serving_id="101234",
        serving_description="1 packet",
        measurement_description="packet",
        number_of_units=Decimal(1),
        metric_serving_amount=Decimal(28),
        metric_serving_unit="g",
        serving_url=f"{url}?portionid=101234&portionamount=1.000",
        nutrients={
            "calories": Decimal(100),
            "carbohydrate": Decimal(19),
            "protein": Decimal(4),
            "fat": Decimal(2),
            "saturated_fat": Decimal("0.5"),
            "cholesterol": Decimal(0),
            "sodium": Decimal(75),
            "fiber": Decimal(3),
            "sugar": Decimal(0),
        },
    )
    return Food("58349", "Instant Oatmeal - Original", "Brand", url, (packet,), "Quaker")


def seed_foods() -> list[Food]:
    # per 100 g: kcal, carbs, protein, fat, sat, poly, mono, chol, sodium, potassium, fiber,
    # sugar, vit A, vit C, calcium, iron
    return [
        _captured_banana(),
        _generic(
            "3092",
            "Egg",
            [143, 0.72, 12.56, 9.51, 3.126, 1.911, 3.658, 372, 142, 138, 0, 0.37, 160, 0, 56, 1.75],
            [
                ("11327", "1 large", "large", 1, 50),
                ("11328", "1 medium", "medium", 1, 44),
                ("50321", "100 g", "g", 100, 100),
            ],
        ),
        _generic(
            "35718",
            "Apples",
            [52, 13.81, 0.26, 0.17, 0.028, 0.051, 0.007, 0, 1, 107, 2.4, 10.39, 3, 4.6, 6, 0.12],
            [
                ("32915", '1 medium (2-3/4" dia)', 'medium (2-3/4" dia)', 1, 182),
                ("32916", "1 cup slices", "cup slices", 1, 109),
                ("58449", "100 g", "g", 100, 100),
            ],
        ),
        _generic(
            "38710",
            "Buckwheat Groats (Cooked)",
            [92, 19.94, 3.38, 0.62, 0.134, 0.188, 0.188, 0, 4, 88, 2.7, 0.9, 0, 0, 7, 0.8],
            [("34411", "1 cup", "cup", 1, 168), ("61042", "100 g", "g", 100, 100)],
        ),
        _generic(
            "1641",
            "Chicken Breast (Skinless, Roasted)",
            [165, 0, 31.0, 3.6, 1.01, 0.77, 1.24, 85, 74, 256, 0, 0, 6, 0, 15, 1.04],
            [
                (
                    "4881",
                    "1 breast, bone and skin removed",
                    "breast, bone and skin removed",
                    1,
                    172,
                ),
                ("4882", "1 oz", "oz", 1, 28.35),
                ("50990", "100 g", "g", 100, 100),
            ],
        ),
        _generic(
            "4501",
            "White Rice (Cooked)",
            [130, 28.17, 2.69, 0.28, 0.077, 0.076, 0.088, 0, 1, 35, 0.4, 0.05, 0, 0, 10, 1.2],
            [("17812", "1 cup", "cup", 1, 158), ("53260", "100 g", "g", 100, 100)],
        ),
        _generic(
            "4881",
            "Oatmeal (Cooked with Water)",
            [71, 12.0, 2.54, 1.52, 0.313, 0.553, 0.443, 0, 4, 70, 1.7, 0.27, 0, 0, 9, 0.9],
            [("18562", "1 cup", "cup", 1, 234), ("53781", "100 g", "g", 100, 100)],
        ),
        _instant_oatmeal(),
    ]


def search(foods: Sequence[Food], expression: str) -> list[Food]:
    """Foods whose name or brand contains every word of the expression, case-insensitively."""
    words = [w for w in re.split(r"\W+", expression.lower()) if w]
    found = []
    for food in foods:
        text = f"{food.food_name} {food.brand_name or ''}".lower()
        if words and all(w in text for w in words):
            found.append(food)
    return found
