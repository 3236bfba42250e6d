package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/betaalrun"
	"pgbportaal/internal/gendata"
	"pgbportaal/internal/money"
)

// generateOptions are the flags of generate-data.
type generateOptions struct {
	budgethouders *int
	seed          *int64
	openMonths    *int
}

// generateFlags defines the flags of generate-data on fs (none for other commands).
func generateFlags(fs *flag.FlagSet, cmd string) generateOptions {
	if cmd != "generate-data" {
		return generateOptions{}
	}
	return generateOptions{
		budgethouders: fs.Int("budgethouders", 5000, "number of budgethouders (150000 is national scale)"),
		seed:          fs.Int64("seed", 1, "random seed: the same seed gives the same data"),
		openMonths:    fs.Int("open-months", 1, "months before the current one whose betalingen are still ingepland"),
	}
}

func (o generateOptions) run(ctx context.Context, pool *pgxpool.Pool, out io.Writer) error {
	return gendata.Generate(ctx, pool, gendata.Config{Budgethouders: *o.budgethouders, Seed: *o.seed,
		OpenMonths: *o.openMonths, Log: out})
}

// betaalrunNu runs the betaalrun once, as the scheduler does at 17:00.
func betaalrunNu(ctx context.Context, pool *pgxpool.Pool, out io.Writer) error {
	start := time.Now()
	res, err := betaalrun.Run(ctx, pool, time.Now(), 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "betaalrun %d: %d betalingen, %s, in %s\n", res.RunID, res.Aantal, money.Cents(res.Totaal), time.Since(start).Round(time.Millisecond))
	return nil
}
