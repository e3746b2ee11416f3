# One image pattern for every Accord service: build once, pick the service with SERVICE.
#   docker build --build-arg SERVICE=intake -t accord/intake .
# On the current Node.js LTS, the one CI runs the suite on beside Node 20 (.ci/lts pins 26.x).
FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY tools ./tools
COPY libs ./libs
COPY services ./services
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:26-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/tools/register-aliases.cjs /app/tools/aliases.cjs ./tools/
COPY package.json ./
USER node
CMD ["sh", "-c", "exec node -r ./tools/register-aliases.cjs dist/services/${SERVICE}/src/main.js"]
