# The two commands a newcomer needs: `make run` and `make test`.
.PHONY: run test generate lint build assets clean bench

run: ## run the portal with demo data at http://localhost:8080
	@scripts/run.sh

test: ## every test: Go, PostgreSQL, headless Chromium
	@scripts/test.sh

bench: ## a reduced national-scale load run (docs/PERFORMANCE.md); not part of make test
	@scripts/bench.sh

generate: ## regenerate templ code (committed)
	go tool templ generate

lint: ## go vet, staticcheck, govulncheck
	go vet ./...
	go tool staticcheck ./...
	scripts/vulncheck.sh

build: assets
	go build -o bin/pgbportaal ./cmd/pgbportaal

assets:
	@scripts/assets.sh

clean:
	rm -rf bin web/static/vendor
