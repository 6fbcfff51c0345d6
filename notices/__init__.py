"""Reading notices: Vietnamese deadline phrases and where they sit in a paragraph."""
