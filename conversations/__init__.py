"""The dialog as pure logic: what to answer, given what was said and what is stored."""
