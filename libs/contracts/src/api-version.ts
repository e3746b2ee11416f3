/**
 * The version of Accord's public contract: the HTTP API (OpenAPI) and the published events
 * (AsyncAPI). Semantic: a breaking change needs a new major version (README, "Versioning").
 */
export const API_VERSION = '1.0.0';
