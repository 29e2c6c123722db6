"""The members' pages under /espace/, one module per family: account, offers, invitations,
follows, maturation (community/urls.py)."""
