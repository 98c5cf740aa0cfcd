"""Pure legal logic of the 条例: working days, deadlines, fees, outcome codes. No Django here."""
