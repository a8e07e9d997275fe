"""Replies that repeat: degenerate ones a model must not learn, and natural ones that repeat
legitimately (a numbered list, code, a table). Tests plant them; every degenerate one must be
found, no natural one."""

from __future__ import annotations

ANSWER = ("The capital of France is Paris. It has been the seat of government since the "
          "Middle Ages and is known for the Eiffel Tower, the Louvre and its cafés.")

LONG_ANSWER = (
    "Paris sits on the Seine in the north of France, about a hundred and fifty kilometres "
    "from the Channel. The river divides it into the Left Bank, home of the Sorbonne and "
    "the Latin Quarter, and the Right Bank, with the Louvre, the Opera and the great "
    "department stores. Baron Haussmann rebuilt much of the centre in the nineteenth "
    "century, cutting wide boulevards through the medieval streets and giving the city "
    "its uniform cream stone facades. The Eiffel Tower was built for the world fair of "
    "1889 and was meant to stand for only twenty years. Montmartre, on the highest hill, "
    "was the village of painters such as Renoir, Picasso and Van Gogh. The metro opened in "
    "1900 and now has sixteen lines; most Parisians live within five hundred metres of a "
    "station. The city proper has about two million inhabitants, the wider region more "
    "than twelve million, which makes it one of the largest metropolitan areas in Europe. "
    "Its museums hold collections from every period, from Egyptian antiquities to modern "
    "installations, and attract tens of millions of visitors every year.")

DEGENERATE: dict[str, str] = {
    # OpenAI's own toy data-prep file: one reply, one sentence 2,000 times
    "one sentence": "Eat a banana! " * 2000,
    "one word": " ".join(["banana"] * 40),
    "a refusal": "I'm sorry, I can't help with that. " * 12,
    "one line": "Here is what to do:\n" + "\n".join(
        ["Please restart the router and try again."] * 10),
    "a list that runs on": "Some tips for staying healthy:\n1. Sleep eight hours.\n"
    "2. Walk every day.\n" + "\n".join(f"{i}. Drink more water every day." for i in
                                       range(3, 40)),
    "a loop that ends the reply": ANSWER + " " + "Paris is a beautiful city. " * 8,
    "a word without spaces": "banana" * 40,
    "a script without spaces": "香蕉" * 40,
    "one sentence in every other line": "\n".join(
        f"Step {i} is about part {i * 7} of the device. Remember to always check the "
        "manual first before you proceed." for i in range(12)),
    "a paragraph said twice": (ANSWER + " The city has twenty districts, called "
                               "arrondissements, numbered in a spiral from the centre.\n\n")
    * 2 + "I hope this helps.",
    "a long paragraph said twice": f"{LONG_ANSWER}\n\n{LONG_ANSWER}\n\nI hope this helps.",
}

NATURAL: dict[str, str] = {
    "a numbered list": (
        "To export your contacts:\n"
        "1. Click **File**, then click **Settings**.\n"
        "2. Click **File**, then click **Export**.\n"
        "3. Choose the contacts you want to export.\n"
        "4. Click **File**, then click **Save as** and pick CSV.\n"
        "5. Open the CSV in your spreadsheet to check it.\n"
        "6. Click **File**, then click **Close** when you are done.\n"
        "If the export fails, check that you have permission to write to the folder."),
    "code": (
        "Here is a counter that steps three times:\n\n```python\n"
        "count = 0\ncount += 1\ncount += 1\ncount += 1\nprint(count)\n"
        "for i in range(3):\n    print(i)\n    print(i)\n    print(i)\n```\n\n"
        "Each `count += 1` adds one, so it prints 3, then 0, 0, 0, 1, 1, 1, 2, 2, 2."),
    "a table": (
        "Here are the plans:\n\n| Plan | Storage | Support | Price |\n"
        "| --- | --- | --- | --- |\n| Basic | 10 GB | Email | $5 |\n"
        "| Basic plus | 10 GB | Email | $7 |\n| Team | 100 GB | Email | $20 |\n"
        "| Team plus | 100 GB | Email | $25 |\n| Business | 1 TB | Email | $50 |\n"
        "| Business plus | 1 TB | Email | $60 |\n| Enterprise | 10 TB | Email | $200 |\n\n"
        "Every plan includes email support; pick the one whose storage fits your team."),
    "options with the same wording": (
        "GCC can tune for several PowerPC cores. Generate code for PowerPC 440. Generate "
        "code for PowerPC 464. Generate code for PowerPC 476. Generate code for PowerPC "
        "601. Each of these switches sets the instruction scheduling for that core."),
    "a bulleted list": (
        "You will need:\n- a pan\n- a wooden spoon\n- a bowl\n- a whisk\n- a pan lid\n"
        "- a sharp knife\nPreheat the oven, then melt the butter in the pan over a low heat."),
}
