"""What the tests share: drivers, factories, fakes, the corpus of real messages."""
