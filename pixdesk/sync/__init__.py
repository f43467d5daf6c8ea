"""Upload client with retries and receipts; the reference receiver."""
