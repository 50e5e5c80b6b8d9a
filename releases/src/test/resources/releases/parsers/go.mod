module example.com/shop

go 1.22

require github.com/pkg/errors v0.9.1 // indirect
require (
	golang.org/x/text v0.14.0
	github.com/google/uuid v1.6.0
)
