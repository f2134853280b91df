/** The product version: package.json's, which python/pyproject.toml and lossdbg.__version__ follow (test/unit/distribution/version.test.ts). */
export const VERSION = '0.3.0';
