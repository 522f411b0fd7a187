_deep_0_5 = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
    0,
    ['bottom'],
]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
_deep_0_4 = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
    _deep_0_5,
]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
_deep_0_3 = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
    100,
    [_deep_0_4],
]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
_deep_0_2 = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
    _deep_0_3,
]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
_deep_0 = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
    200,
    [_deep_0_2],
]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
deep = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
    _deep_0,
]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
_tree_next_5 = {
    'next': {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'level': 0,
                                                                                                                                                                                                    'next': {},
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
_tree_next_4 = {
    'next': {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': _tree_next_5,
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
_tree_next_3 = {
    'next': {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'level': 100,
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': _tree_next_4,
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
_tree_next_2 = {
    'next': {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': _tree_next_3,
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
_tree_next = {
    'next': {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'level': 200,
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': _tree_next_2,
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
_tree_next_next_next_next_next_next = {
    'next': {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': _tree_next,
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
tree = {
    'next': {
        'next': {
            'next': {'next': {'next': {'next': _tree_next_next_next_next_next_next}}},
        },
    },
}
del (
    _tree_next_next_next_next_next_next,
    _deep_0,
    _tree_next,
    _deep_0_2,
    _tree_next_2,
    _deep_0_3,
    _tree_next_3,
    _deep_0_4,
    _tree_next_4,
    _deep_0_5,
    _tree_next_5,
)
try:
    del __builtins__, _arrays
except NameError:
    pass
