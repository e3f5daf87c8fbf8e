"""The built-in food catalog: USDA SR28 foods and household portions, with Ukrainian and English
names, packaged as data files so food resolves offline."""
