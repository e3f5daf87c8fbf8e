"""FatSecret: OAuth 1.0 linking, food search and the user's food diary (docs/fatsecret.md).

FatSecret's words (food_entry, serving, date_int …) stop in this package; the rest of the
product sees `FoodCatalog`, `DiaryGateway` and `ProviderAuthorizer` in its own words."""
