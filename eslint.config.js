// @ts-check
import js from "@eslint/js";
import simpleImportSort from "eslint-plugin-simple-import-sort";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Layer boundaries from shared/docs/ARCHITECTURE.md §5.1, enforced with no-restricted-imports:
 * each zone lists what its files must not import.
 */
const zone = (files, patterns) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns }] },
});
const noDriver = { group: ["mongodb"], message: "Only src/store (and composition roots) talk to the driver." };
const noStore = { group: ["**/store/**", "**/store/*"], message: "Go through a use-case module, not the store." };

export default tseslint.config(
  { ignores: ["node_modules/", ".tools/", "data/", "dist/", "src/web/vendor/", ".scratch-*/", "**/*.tmp.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["eslint.config.js"] } },
      globals: { ...globals.node },
    },
    plugins: { "simple-import-sort": simpleImportSort },
    rules: {
      curly: ["error", "multi-line"],
      "simple-import-sort/imports": "error",
      "simple-import-sort/exports": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's describe/it return promises the runner itself tracks.
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["describe", "it", "test", "suite", "before", "after"] },
          ],
        },
      ],
      // Many framework hooks (Apollo plugins, Express handlers) are async by contract.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  { files: ["eslint.config.js"], ...tseslint.configs.disableTypeChecked },
  zone(
    ["src/model/**"],
    [{ group: ["../*", "!./*"], message: "model/ is pure: it imports nothing in src." }, noDriver],
  ),
  zone(["src/linking/**", "src/feeds/**"], [noDriver, noStore]),
  zone(["src/graphql/**"], [noDriver, noStore]),
  zone(["src/web/**"], [{ group: ["../*"], message: "web/ talks only to the HTTP API." }]),
);
