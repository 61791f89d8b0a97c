def qualify(deal):
    return deal.pain and deal.budget

# --8<-- [start:score]
def score(deal):
    return 10 if qualify(deal) else 0
# --8<-- [end:score]
