"""Reads an exported Keras script with Python's own parser and prints what it holds, as JSON.

TensorFlow cannot be installed where Latent Studio is built, so the scripts cannot run there;
this pins their content instead: the custom layers (each with get_config, registered
serializable), the sparsity penalty's division by the batch size, the functions defined, and
the calls that make the chapter's pictures.

    python3 keras_facts.py script.py
"""
import ast
import json
import sys


def dotted(node):
    """`a.b.c` for an attribute chain or a name, else ''."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    if isinstance(node, ast.Call):
        return dotted(node.func)
    return ""


def calls_in(node):
    """The dotted names of every call under node, in order."""
    return [dotted(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)]


def strings_in(node):
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def divides_by_batch(expr):
    """Whether an expression is a division whose divisor involves tf.shape(...)[0] or a name
    bound to it (batch_size)."""
    for n in ast.walk(expr):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div):
            divisor = n.right
            text = ast.unparse(divisor)
            if "batch" in text or "tf.shape(inputs)[0]" in text:
                return True
    return False


def main(path):
    tree = ast.parse(open(path, encoding="utf-8").read(), filename=path)
    facts = {"classes": {}, "functions": {}, "add_loss_divided": [], "main_calls": []}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            methods = [m.name for m in node.body if isinstance(m, ast.FunctionDef)]
            facts["classes"][node.name] = {
                "bases": [dotted(b) for b in node.bases],
                "methods": methods,
                "serializable": any(
                    dotted(d).endswith("register_keras_serializable") for d in node.decorator_list
                ),
            }
            for n in ast.walk(node):
                if isinstance(n, ast.Call) and dotted(n.func).endswith("add_loss") and n.args:
                    facts["add_loss_divided"].append([node.name, divides_by_batch(n.args[0])])
        elif isinstance(node, ast.FunctionDef):
            loops = [ast.unparse(n.iter) for n in ast.walk(node) if isinstance(n, ast.For)]
            facts["functions"][node.name] = {
                "calls": calls_in(node),
                "strings": strings_in(node),
                "loops": loops,
                "source": ast.unparse(node),
            }
    print(json.dumps(facts))


if __name__ == "__main__":
    main(sys.argv[1])
