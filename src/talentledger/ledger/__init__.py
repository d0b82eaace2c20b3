"""What a ledger is: its fields and words, the values it holds, ID numbers, townships, findings,
and the settings and errors every stage shares. No stage below imports anything above this."""
